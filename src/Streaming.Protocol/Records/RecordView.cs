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

    /// <summary>The encoded headers; walk them with <see cref="HeaderReader"/>.</summary>
    public ReadOnlySpan<byte> Headers { get; }
}

/// <summary>Walks encoded record headers.</summary>
public ref struct HeaderReader
{
    private ReadOnlySpan<byte> _remaining;
    private int _left;

    public HeaderReader(ReadOnlySpan<byte> headers, int count)
    {
        _remaining = headers;
        _left = count;
    }

    /// <summary>Reads the next header; false at the end. Throws <see cref="CorruptRecordException"/> on malformed bytes.</summary>
    public bool TryRead(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value, out bool valueIsNull)
    {
        key = default;
        value = default;
        valueIsNull = false;
        if (_left == 0) return false;
        if (!Varint.TryReadSigned(_remaining, out int keyLength, out int n) || keyLength < 0 || keyLength > _remaining.Length - n)
            throw new CorruptRecordException("header key length is invalid");
        key = _remaining.Slice(n, keyLength);
        _remaining = _remaining[(n + keyLength)..];
        if (!Varint.TryReadSigned(_remaining, out int valueLength, out n) || valueLength < -1 || valueLength > _remaining.Length - n)
            throw new CorruptRecordException("header value length is invalid");
        valueIsNull = valueLength < 0;
        value = valueIsNull ? default : _remaining.Slice(n, valueLength);
        _remaining = _remaining[(n + Math.Max(valueLength, 0))..];
        _left--;
        return true;
    }
}
