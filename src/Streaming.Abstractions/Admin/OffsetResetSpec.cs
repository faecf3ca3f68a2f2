namespace Streaming;

/// <summary>Where to reset a group's offsets: earliest, latest, the first offset at a time, or an explicit offset.</summary>
public sealed record OffsetResetSpec
{
    private OffsetResetSpec(string kind, long value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>"earliest", "latest", "timestamp" or "offset".</summary>
    public string Kind { get; }

    /// <summary>The timestamp (Unix ms) or offset, for those kinds.</summary>
    public long Value { get; }

    public static OffsetResetSpec Earliest { get; } = new("earliest", 0);

    public static OffsetResetSpec Latest { get; } = new("latest", 0);

    /// <summary>The first offset whose timestamp is at or after <paramref name="time"/> (the end when there is none).</summary>
    public static OffsetResetSpec ToTimestamp(DateTimeOffset time) => new("timestamp", time.ToUnixTimeMilliseconds());

    /// <summary>An explicit offset, clamped to the partition's range.</summary>
    public static OffsetResetSpec ToOffset(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return new("offset", offset);
    }
}
