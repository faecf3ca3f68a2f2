namespace Streaming;

/// <summary>A record timestamp in Unix milliseconds and its type.</summary>
public readonly record struct Timestamp(long UnixTimestampMs, TimestampType Type = TimestampType.CreateTime)
{
    /// <summary>No timestamp: the producer stamps the record with the current time.</summary>
    public static readonly Timestamp Default = new(0, TimestampType.NotAvailable);

    public Timestamp(DateTimeOffset time) : this(time.ToUnixTimeMilliseconds()) { }

    /// <summary>The timestamp as a UTC <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset UtcDateTime => DateTimeOffset.FromUnixTimeMilliseconds(UnixTimestampMs);
}
