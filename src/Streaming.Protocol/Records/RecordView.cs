namespace Streaming.Protocol.Records;

/// <summary>One record of a batch, as spans over the batch's bytes: nothing is copied or allocated.</summary>
public readonly ref struct RecordView
{
    internal RecordView(long offset, long timestamp, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value,
        bool valueIsNull, int headerCount, ReadOnlySpan<byte> headers)
    {
        Offset = offset;
        Timestamp = timestamp;
        Key = key;
        KeyIsNull = keyIsNull;
        Value = value;
        ValueIsNull = valueIsNull;
        HeaderCount = headerCount;
        Headers = headers;
    }

    public long Offset { get; }
    public long Timestamp { get; }
    public ReadOnlySpan<byte> Key { get; }
    public bool KeyIsNull { get; }
    public ReadOnlySpan<byte> Value { get; }
    public bool ValueIsNull { get; }
    public int HeaderCount { get; }

    /// <summary>The encoded headers (Kafka's record header encoding); Streaming.RawHeaders walks them.</summary>
    public ReadOnlySpan<byte> Headers { get; }
}
