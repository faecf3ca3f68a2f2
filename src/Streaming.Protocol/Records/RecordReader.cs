namespace Streaming.Protocol.Records;

/// <summary>
/// Reads the records of one uncompressed records section (the bytes after the 61-byte header, or the decompressed
/// bytes of a compressed batch). A ref struct: it walks the span in place.
/// </summary>
public ref struct RecordReader
{
    private ReadOnlySpan<byte> _remaining;
    private readonly long _baseOffset;
    private readonly long _baseTimestamp;
    private readonly long _logAppendTime;
    private readonly int _initialLength;
    private int _left;

    /// <summary>Starts reading <paramref name="records"/> of the batch described by <paramref name="header"/>.</summary>
    public RecordReader(in RecordBatchHeader header, ReadOnlySpan<byte> records) : this(header, records, header.RecordsCount) { }

    /// <summary>
    /// Resumes reading a batch part-way: <paramref name="records"/> starts at a record boundary and
    /// <paramref name="remainingRecords"/> records are left. Lets a class keep its place in a batch as two integers.
    /// </summary>
    public RecordReader(in RecordBatchHeader header, ReadOnlySpan<byte> records, int remainingRecords)
    {
        _remaining = records;
        _initialLength = records.Length;
        _baseOffset = header.BaseOffset;
        _baseTimestamp = header.BaseTimestamp;
        _logAppendTime = header.IsLogAppendTime ? header.MaxTimestamp : -1;
        _left = remainingRecords;
    }

    /// <summary>Bytes of the span read so far (the next record starts there).</summary>
    public readonly int BytesConsumed => _initialLength - _remaining.Length;

    /// <summary>Records not yet read.</summary>
    public readonly int Remaining => _left;

    /// <summary>Reads the next record; false when all were read. Throws <see cref="CorruptRecordException"/> on malformed bytes.</summary>
    public bool TryRead(out RecordView record)
    {
        record = default;
        if (_left <= 0) return false;
        ReadOnlySpan<byte> s = _remaining;
        if (!Varint.TryReadSigned(s, out int length, out int n) || length < 1 || length > s.Length - n)
            throw new CorruptRecordException("record length is invalid or the records are truncated");
        ReadOnlySpan<byte> body = s.Slice(n, length);
        _remaining = s[(n + length)..];
        int p = 1; // attributes
        if (!Varint.TryReadSigned(body[p..], out long timestampDelta, out n)) throw Corrupt();
        p += n;
        if (!Varint.TryReadSigned(body[p..], out int offsetDelta, out n)) throw Corrupt();
        p += n;
        if (!Varint.TryReadSigned(body[p..], out int keyLength, out n) || keyLength < -1) throw Corrupt();
        p += n;
        if (keyLength > body.Length - p) throw Corrupt();
        ReadOnlySpan<byte> key = keyLength > 0 ? body.Slice(p, keyLength) : default;
        p += Math.Max(keyLength, 0);
        if (!Varint.TryReadSigned(body[p..], out int valueLength, out n) || valueLength < -1) throw Corrupt();
        p += n;
        if (valueLength > body.Length - p) throw Corrupt();
        ReadOnlySpan<byte> value = valueLength > 0 ? body.Slice(p, valueLength) : default;
        p += Math.Max(valueLength, 0);
        if (!Varint.TryReadSigned(body[p..], out int headerCount, out n) || headerCount < 0) throw Corrupt();
        p += n;
        long timestamp = _logAppendTime >= 0 ? _logAppendTime : _baseTimestamp + timestampDelta;
        record = new RecordView(_baseOffset + offsetDelta, timestamp, key, keyLength < 0, value, valueLength < 0, headerCount, body[p..]);
        _left--;
        return true;
    }

    private static CorruptRecordException Corrupt() => new("record fields are malformed");
}
