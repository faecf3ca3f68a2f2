namespace Streaming;

/// <summary>
/// A consumed record as spans over the fetched batch: nothing is copied or allocated. Valid only until the
/// <see cref="ConsumedRecords"/> it came from is read further or the consumer is called again.
/// </summary>
public readonly ref struct RawRecord
{
    public RawRecord(TopicPartition topicPartition, long offset, Timestamp timestamp, ReadOnlySpan<byte> key, bool keyIsNull,
        ReadOnlySpan<byte> value, bool valueIsNull, RawHeaders headers)
    {
        TopicPartition = topicPartition;
        Offset = offset;
        Timestamp = timestamp;
        Key = key;
        KeyIsNull = keyIsNull;
        Value = value;
        ValueIsNull = valueIsNull;
        Headers = headers;
    }

    public TopicPartition TopicPartition { get; }
    public long Offset { get; }
    public Timestamp Timestamp { get; }
    public ReadOnlySpan<byte> Key { get; }

    /// <summary>True when the key is null (as opposed to empty).</summary>
    public bool KeyIsNull { get; }
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>True when the value is null: a tombstone.</summary>
    public bool ValueIsNull { get; }
    public RawHeaders Headers { get; }
}
