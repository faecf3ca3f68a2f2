using System.Collections.Frozen;
using System.Globalization;

namespace Streaming.Broker.Log;

/// <summary>A topic's log settings, parsed and checked from Kafka's config names. Immutable; a change makes a new one.</summary>
internal sealed record TopicConfig
{
    public const string RetentionMsKey = "retention.ms";
    public const string RetentionBytesKey = "retention.bytes";
    public const string SegmentBytesKey = "segment.bytes";
    public const string SegmentMsKey = "segment.ms";
    public const string MaxMessageBytesKey = "max.message.bytes";
    public const string CleanupPolicyKey = "cleanup.policy";
    public const string IndexIntervalBytesKey = "index.interval.bytes";

    /// <summary>Smallest segment.bytes accepted. Kafka 4 asks for 1 MiB; smaller segments are allowed here for tests and tiny topics.</summary>
    public const int MinSegmentBytes = 1024;

    public static readonly FrozenDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        [RetentionMsKey] = "604800000",
        [RetentionBytesKey] = "-1",
        [SegmentBytesKey] = "1073741824",
        [SegmentMsKey] = "604800000",
        [MaxMessageBytesKey] = "1048588",
        [CleanupPolicyKey] = "delete",
        [IndexIntervalBytesKey] = "4096",
    }.ToFrozenDictionary();

    public static readonly TopicConfig Default = Parse(new Dictionary<string, string>());

    /// <summary>Configs set on the topic (not defaults), as given.</summary>
    public required IReadOnlyDictionary<string, string> Overrides { get; init; }

    /// <summary>retention.ms; -1 keeps records forever.</summary>
    public long RetentionMs { get; init; }

    /// <summary>retention.bytes per partition; -1 is unlimited.</summary>
    public long RetentionBytes { get; init; }
    public int SegmentBytes { get; init; }
    public long SegmentMs { get; init; }
    public int MaxMessageBytes { get; init; }
    public int IndexIntervalBytes { get; init; }

    /// <summary>Parses <paramref name="overrides"/> over <paramref name="defaults"/> (or Kafka's defaults).</summary>
    /// <exception cref="InvalidConfigurationException">An unknown key or a bad value, named in the message.</exception>
    public static TopicConfig Parse(IReadOnlyDictionary<string, string> overrides, IReadOnlyDictionary<string, string>? defaults = null)
    {
        foreach (var (key, value) in overrides)
        {
            if (!Defaults.ContainsKey(key))
                throw new InvalidConfigurationException($"unknown topic config '{key}'; known: {string.Join(", ", Defaults.Keys.Order(StringComparer.Ordinal))}");
            if (value is null) throw new InvalidConfigurationException($"topic config '{key}' has no value");
        }

        string Value(string key) => overrides.TryGetValue(key, out var v) ? v : defaults is not null && defaults.TryGetValue(key, out var d) ? d : Defaults[key];

        string policy = Value(CleanupPolicyKey).Trim();
        if (policy != "delete")
        {
            throw policy.Contains("compact", StringComparison.Ordinal)
                ? new InvalidConfigurationException("cleanup.policy 'compact' is not supported yet by the embedded broker: log compaction is not implemented, so a compacted topic would silently keep every record; use 'delete'")
                : new InvalidConfigurationException($"cleanup.policy is '{policy}': it must be 'delete' (or 'compact', which is not supported yet)");
        }

        return new TopicConfig
        {
            Overrides = new Dictionary<string, string>(overrides).ToFrozenDictionary(),
            RetentionMs = ParseLong(RetentionMsKey, Value(RetentionMsKey), -1, long.MaxValue),
            RetentionBytes = ParseLong(RetentionBytesKey, Value(RetentionBytesKey), -1, long.MaxValue),
            SegmentBytes = (int)ParseLong(SegmentBytesKey, Value(SegmentBytesKey), MinSegmentBytes, int.MaxValue),
            SegmentMs = ParseLong(SegmentMsKey, Value(SegmentMsKey), 1, long.MaxValue),
            MaxMessageBytes = (int)ParseLong(MaxMessageBytesKey, Value(MaxMessageBytesKey), 0, int.MaxValue),
            IndexIntervalBytes = (int)ParseLong(IndexIntervalBytesKey, Value(IndexIntervalBytesKey), 0, int.MaxValue),
        };
    }

    /// <summary>Every config with its effective value, for describe.</summary>
    public IEnumerable<ConfigEntry> Describe(IReadOnlyDictionary<string, string>? defaults = null)
    {
        foreach (var key in Defaults.Keys.Order(StringComparer.Ordinal))
        {
            if (Overrides.TryGetValue(key, out var v)) yield return new ConfigEntry(key, v, IsDefault: false);
            else yield return new ConfigEntry(key, defaults is not null && defaults.TryGetValue(key, out var d) ? d : Defaults[key], IsDefault: true);
        }
    }

    private static long ParseLong(string key, string value, long min, long max)
    {
        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v))
            throw new InvalidConfigurationException($"topic config '{key}' is '{value}': it must be a whole number");
        if (v < min || v > max)
            throw new InvalidConfigurationException($"topic config '{key}' is {v}: it must be between {min} and {max}");
        return v;
    }
}
