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
    public const string DeleteRetentionMsKey = "delete.retention.ms";
    public const string MinCleanableDirtyRatioKey = "min.cleanable.dirty.ratio";
    public const string MinCompactionLagMsKey = "min.compaction.lag.ms";

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
        [DeleteRetentionMsKey] = "86400000",
        [MinCleanableDirtyRatioKey] = "0.5",
        [MinCompactionLagMsKey] = "0",
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

    /// <summary>cleanup.policy includes <c>compact</c>: the log cleaner keeps the latest record per key.</summary>
    public bool Compact { get; init; }

    /// <summary>cleanup.policy includes <c>delete</c>: retention by time and size applies.</summary>
    public bool Delete { get; init; }

    /// <summary>delete.retention.ms: how long a tombstone (null value) stays in a compacted log, counted from its batch's max timestamp.</summary>
    public long DeleteRetentionMs { get; init; }

    /// <summary>min.cleanable.dirty.ratio: the share of not-yet-cleaned bytes that makes a compacted partition worth cleaning.</summary>
    public double MinCleanableDirtyRatio { get; init; }

    /// <summary>min.compaction.lag.ms: a segment is cleaned only once its newest record is at least this old.</summary>
    public long MinCompactionLagMs { get; init; }

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

        var (compact, delete) = ParseCleanupPolicy(Value(CleanupPolicyKey));

        return new TopicConfig
        {
            Overrides = new Dictionary<string, string>(overrides).ToFrozenDictionary(),
            RetentionMs = ParseLong(RetentionMsKey, Value(RetentionMsKey), -1, long.MaxValue),
            RetentionBytes = ParseLong(RetentionBytesKey, Value(RetentionBytesKey), -1, long.MaxValue),
            SegmentBytes = (int)ParseLong(SegmentBytesKey, Value(SegmentBytesKey), MinSegmentBytes, int.MaxValue),
            SegmentMs = ParseLong(SegmentMsKey, Value(SegmentMsKey), 1, long.MaxValue),
            MaxMessageBytes = (int)ParseLong(MaxMessageBytesKey, Value(MaxMessageBytesKey), 0, int.MaxValue),
            IndexIntervalBytes = (int)ParseLong(IndexIntervalBytesKey, Value(IndexIntervalBytesKey), 0, int.MaxValue),
            Compact = compact,
            Delete = delete,
            DeleteRetentionMs = ParseLong(DeleteRetentionMsKey, Value(DeleteRetentionMsKey), 0, long.MaxValue),
            MinCleanableDirtyRatio = ParseRatio(MinCleanableDirtyRatioKey, Value(MinCleanableDirtyRatioKey)),
            MinCompactionLagMs = ParseLong(MinCompactionLagMsKey, Value(MinCompactionLagMsKey), 0, long.MaxValue),
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

    /// <summary>Kafka's list form: <c>delete</c>, <c>compact</c>, or both (<c>compact,delete</c>, in any order).</summary>
    private static (bool Compact, bool Delete) ParseCleanupPolicy(string value)
    {
        bool compact = false, delete = false;
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            switch (part)
            {
                case "compact": compact = true; break;
                case "delete": delete = true; break;
                default:
                    throw new InvalidConfigurationException($"topic config '{CleanupPolicyKey}' is '{value}': it must be 'delete', 'compact' or 'compact,delete' ('{part}' is not a policy)");
            }
        }
        return (compact, delete);
    }

    private static double ParseRatio(string key, string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || double.IsNaN(v))
            throw new InvalidConfigurationException($"topic config '{key}' is '{value}': it must be a number");
        if (v is < 0 or > 1)
            throw new InvalidConfigurationException($"topic config '{key}' is {v.ToString(CultureInfo.InvariantCulture)}: it must be between 0 and 1");
        return v;
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
