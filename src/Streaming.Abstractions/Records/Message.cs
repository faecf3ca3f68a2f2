namespace Streaming;

/// <summary>A record to produce, or one that was consumed: key, value, headers and timestamp.</summary>
public class Message<TKey, TValue>
{
    public TKey Key { get; set; } = default!;

    public TValue Value { get; set; } = default!;

    /// <summary>Headers, or null for none.</summary>
    public Headers? Headers { get; set; }

    /// <summary>The timestamp; <see cref="Timestamp.Default"/> lets the producer stamp the current time.</summary>
    public Timestamp Timestamp { get; set; } = Timestamp.Default;
}
