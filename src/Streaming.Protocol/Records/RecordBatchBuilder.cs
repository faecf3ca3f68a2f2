using System.Buffers;

namespace Streaming.Protocol.Records;

/// <summary>
/// Builds one RecordBatch v2 in a pooled buffer, record by record, without allocating per record.
/// Reuse it: <see cref="Reset"/> starts the next batch in the same buffer.
/// </summary>
public sealed class RecordBatchBuilder : IDisposable
{
    private byte[] _buffer;
    private byte[]? _sealed;
    private int _position;
    private int _count;
    private long _baseTimestamp;
    private long _maxTimestamp;
    private long _producerId = -1;
    private short _producerEpoch = -1;
    private int _baseSequence = -1;
    private bool _transactional;
    private bool _control;
    private CompressionType _compression;
    private int _sealedLength;

    /// <summary>Creates a builder whose buffer starts at <paramref name="initialCapacity"/> bytes and grows as needed.</summary>
    public RecordBatchBuilder(int initialCapacity = 16 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialCapacity, RecordBatchHeader.Size);
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        Reset();
    }

    /// <summary>Records appended since the last reset.</summary>
    public int Count => _count;

    /// <summary>Bytes the batch takes uncompressed, header included.</summary>
    public int SizeInBytes => _position;

    /// <summary>The first record's timestamp, or 0 when empty.</summary>
    public long BaseTimestamp => _baseTimestamp;

    /// <summary>Starts a new, empty batch.</summary>
    public void Reset(CompressionType compression = CompressionType.None, long producerId = -1, short producerEpoch = -1,
        int baseSequence = -1, bool transactional = false, bool control = false)
    {
        if (compression > CompressionType.Zstd) throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown compression codec");
        _position = RecordBatchHeader.Size;
        _count = 0;
        _baseTimestamp = 0;
        _maxTimestamp = -1;
        _producerId = producerId;
        _producerEpoch = producerEpoch;
        _baseSequence = baseSequence;
        _transactional = transactional;
        _control = control;
        _compression = compression;
        _sealedLength = 0;
    }

    /// <summary>
    /// Sets the idempotent producer's fields (producer id, epoch, base sequence, and whether the batch belongs to a
    /// transaction) of the batch being built; allowed until it is sealed, because a producer numbers a batch only when it
    /// sends it.
    /// </summary>
    public void SetProducerState(long producerId, short producerEpoch, int baseSequence, bool transactional = false)
    {
        if (_sealedLength != 0) throw new InvalidOperationException("The batch is sealed: its producer fields can no longer change.");
        _producerId = producerId;
        _producerEpoch = producerEpoch;
        _baseSequence = baseSequence;
        _transactional = transactional;
    }

    /// <summary>Bytes a record with these parts adds to the batch (uncompressed).</summary>
    public int EstimateRecordSize(long timestamp, int keyLength, int valueLength, int headerCount, int encodedHeadersLength)
    {
        long delta = _count == 0 ? 0 : timestamp - _baseTimestamp;
        int body = RecordBodySize(delta, _count, keyLength, valueLength, headerCount, encodedHeadersLength);
        return Varint.SizeOfSigned(body) + body;
    }

    private static int RecordBodySize(long timestampDelta, int offsetDelta, int keyLength, int valueLength, int headerCount, int headersLength)
        => 1 + Varint.SizeOfSigned(timestampDelta) + Varint.SizeOfSigned(offsetDelta)
           + Varint.SizeOfSigned(keyLength) + Math.Max(keyLength, 0)
           + Varint.SizeOfSigned(valueLength) + Math.Max(valueLength, 0)
           + Varint.SizeOfSigned(headerCount) + headersLength;

    /// <summary>Appends one record. A null key or value is passed as <c>isNull: true</c>; an empty span is an empty array.</summary>
    /// <param name="timestamp">Create time in Unix milliseconds.</param>
    /// <param name="key">Key bytes.</param>
    /// <param name="keyIsNull">True for a null key.</param>
    /// <param name="value">Value bytes.</param>
    /// <param name="valueIsNull">True for a null value (a tombstone).</param>
    /// <param name="headerCount">Number of headers encoded in <paramref name="encodedHeaders"/>.</param>
    /// <param name="encodedHeaders">Headers as written by <see cref="RecordHeaders.Write"/>.</param>
    public void Append(long timestamp, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, bool valueIsNull,
        int headerCount = 0, ReadOnlySpan<byte> encodedHeaders = default)
    {
        if (_sealedLength != 0) throw new InvalidOperationException("The batch is sealed; call Reset before appending.");
        if (_count == 0) _baseTimestamp = timestamp;
        if (timestamp > _maxTimestamp) _maxTimestamp = timestamp;
        long timestampDelta = timestamp - _baseTimestamp;
        int keyLength = keyIsNull ? -1 : key.Length;
        int valueLength = valueIsNull ? -1 : value.Length;
        int body = RecordBodySize(timestampDelta, _count, keyLength, valueLength, headerCount, encodedHeaders.Length);
        EnsureCapacity(Varint.SizeOfSigned(body) + body); // exact: a batch of batch.size bytes fits a buffer of batch.size bytes

        Span<byte> span = _buffer.AsSpan(_position);
        int p = Varint.WriteSigned(span, body);
        span[p++] = 0; // record attributes: unused
        p += Varint.WriteSigned(span[p..], timestampDelta);
        p += Varint.WriteSigned(span[p..], _count);
        p += Varint.WriteSigned(span[p..], keyLength);
        if (keyLength > 0) { key.CopyTo(span[p..]); p += keyLength; }
        p += Varint.WriteSigned(span[p..], valueLength);
        if (valueLength > 0) { value.CopyTo(span[p..]); p += valueLength; }
        p += Varint.WriteSigned(span[p..], headerCount);
        encodedHeaders.CopyTo(span[p..]);
        p += encodedHeaders.Length;
        _position += p;
        _count++;
    }

    /// <summary>
    /// Finishes the batch: compresses the records if asked, writes the header and the CRC. baseOffset is 0; the log assigns
    /// the real one. The returned memory is valid until the next <see cref="Reset"/>.
    /// </summary>
    public ReadOnlyMemory<byte> Seal(long baseOffset = 0)
    {
        if (_count == 0) throw new InvalidOperationException("An empty batch cannot be sealed.");
        if (_sealedLength != 0) return CurrentBatch();
        byte[] target = _buffer;
        int length = _position;
        if (_compression != CompressionType.None)
        {
            var records = new ReadOnlySpan<byte>(_buffer, RecordBatchHeader.Size, _position - RecordBatchHeader.Size);
            var writer = new ArrayBufferWriter<byte>(Math.Max(256, records.Length / 2));
            writer.Write(new byte[RecordBatchHeader.Size]);
            RecordCompression.Compress(_compression, records, writer);
            _sealed = writer.WrittenSpan.ToArray();
            target = _sealed;
            length = writer.WrittenCount;
        }
        else
        {
            _sealed = null;
        }

        var header = new RecordBatchHeader
        {
            BaseOffset = baseOffset,
            BatchLength = length - RecordBatchHeader.LogOverhead,
            PartitionLeaderEpoch = -1,
            Magic = RecordBatchHeader.CurrentMagic,
            Attributes = RecordBatchHeader.MakeAttributes(_compression, transactional: _transactional, control: _control),
            LastOffsetDelta = _count - 1,
            BaseTimestamp = _baseTimestamp,
            MaxTimestamp = _maxTimestamp,
            ProducerId = _producerId,
            ProducerEpoch = _producerEpoch,
            BaseSequence = _baseSequence,
            RecordsCount = _count,
        };
        header.Write(target);
        RecordBatch.WriteCrc(target.AsSpan(0, length));
        _sealedLength = length;
        return CurrentBatch();
    }

    private ReadOnlyMemory<byte> CurrentBatch() => new(_sealed ?? _buffer, 0, _sealedLength);

    private void EnsureCapacity(int extra)
    {
        if (_position + extra <= _buffer.Length) return;
        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + extra));
        _buffer.AsSpan(0, _position).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
