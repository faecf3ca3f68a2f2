namespace Streaming.Streams;

/// <summary><c>processing.guarantee</c>: how a Streams application commits its progress.</summary>
public enum ProcessingGuarantee
{
    /// <summary>
    /// <c>at_least_once</c>: output and changelog records are flushed before input offsets are committed; after a crash the
    /// records since the last commit are processed again, so results can count a record twice but never lose one.
    /// </summary>
    AtLeastOnce,

    /// <summary>
    /// <c>exactly_once_v2</c>: each stream thread's transactional producer commits output records, changelog records and
    /// input offsets in one transaction; after a crash uncommitted local state is discarded and rebuilt from the changelog.
    /// </summary>
    ExactlyOnceV2,
}

/// <summary>Kafka Streams' names of the guarantees.</summary>
public static class ProcessingGuarantees
{
    public const string AtLeastOnce = "at_least_once";

    public const string ExactlyOnceV2 = "exactly_once_v2";

    /// <summary>Parses <c>at_least_once</c> or <c>exactly_once_v2</c> (case-insensitive; <c>-</c> for <c>_</c> accepted).</summary>
    public static ProcessingGuarantee Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().Replace('-', '_').ToLowerInvariant() switch
        {
            AtLeastOnce => ProcessingGuarantee.AtLeastOnce,
            ExactlyOnceV2 or "exactly_once_beta" => ProcessingGuarantee.ExactlyOnceV2,
            "exactly_once" => throw new InvalidConfigurationException(
                "processing.guarantee 'exactly_once' (one producer per task, v1) is not offered: use 'exactly_once_v2'"),
            _ => throw new InvalidConfigurationException($"processing.guarantee '{name}' is unknown: use '{AtLeastOnce}' or '{ExactlyOnceV2}'"),
        };
    }

    /// <summary>The Kafka Streams name of <paramref name="guarantee"/>.</summary>
    public static string Name(this ProcessingGuarantee guarantee) => guarantee == ProcessingGuarantee.ExactlyOnceV2 ? ExactlyOnceV2 : AtLeastOnce;
}
