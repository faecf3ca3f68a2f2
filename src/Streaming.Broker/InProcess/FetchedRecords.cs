using System.Buffers;
using Streaming.Protocol.Records;

namespace Streaming.Broker.InProcess;

/// <summary>
/// The records of one fetch, read in place from the consumer's fetch buffer: batches are checked (CRC), decompressed when
/// needed, and records below the position skipped. Keeps its place as integers, so reading allocates nothing.
/// </summary>
internal sealed class FetchedRecords(bool checkCrcs) : ConsumedRecords
{
    private readonly ArrayBufferWriter<byte> _decompressed = new();
    private readonly Log.AbortedTransactionFilter _aborted = new();
    private byte[] _buffer = [];
    private PartitionState? _partition;
    private int _end;
    private int _batchPosition;
    private bool _inBatch;
    private RecordBatchHeader _header;
    private bool _compressed;
    private int _consumed;
    private int _left;

    /// <summary>Points the reader at <paramref name="length"/> bytes of whole batches fetched for <paramref name="partition"/>.</summary>
    public void Reset(PartitionState? partition, byte[] buffer, int length)
    {
        _aborted.Clear();
        _partition = partition;
        _buffer = buffer;
        _end = length;
        _batchPosition = 0;
        _inBatch = false;
    }

    /// <summary>read_committed: the aborted transactions overlapping this fetch, whose batches are skipped.</summary>
    public void SetAbortedTransactions(List<Log.AbortedTransaction> aborted)
    {
        if (aborted.Count > 0) _aborted.Reset(aborted);
    }

    /// <summary>Forgets the fetched bytes (after a seek or an unassign).</summary>
    public void Clear() => Reset(null, _buffer, 0);

    public PartitionState? Partition => _partition;

    /// <summary>The offset after the last batch fetched: what an at-most-once consumer commits before handing records out.</summary>
    public long NextOffsetAfterFetch()
    {
        long next = -1;
        int position = 0;
        while (position < _end)
        {
            int size = RecordBatch.PeekTotalSize(_buffer.AsSpan(position, _end - position));
            if (size < RecordBatchHeader.Size || position + size > _end) break;
            next = RecordBatchHeader.Read(_buffer.AsSpan(position)).NextOffset;
            position += size;
        }
        return next;
    }

    public override bool TryReadNext(out RawRecord record)
    {
        record = default;
        var partition = _partition;
        if (partition is null) return false;
        while (true)
        {
            if (!_inBatch)
            {
                if (_batchPosition >= _end) return false;
                if (!OpenBatch(partition)) continue;
            }
            ReadOnlySpan<byte> records = _compressed
                ? _decompressed.WrittenSpan
                : _buffer.AsSpan(_batchPosition + RecordBatchHeader.Size, _header.TotalSize - RecordBatchHeader.Size);
            var reader = new RecordReader(_header, records[_consumed..], _left);
            int start = _consumed;
            RecordView view;
            try
            {
                while (reader.TryRead(out view))
                {
                    if (view.Offset < partition.Position) continue;
                    _consumed = start + reader.BytesConsumed;
                    _left = reader.Remaining;
                    partition.Position = view.Offset + 1;
                    partition.EofReported = false;
                    partition.HandedOut = true;
                    record = new RawRecord(partition.TopicPartition, view.Offset,
                        new Timestamp(view.Timestamp, _header.IsLogAppendTime ? TimestampType.LogAppendTime : TimestampType.CreateTime),
                        view.Key, view.KeyIsNull, view.Value, view.ValueIsNull, new RawHeaders(view.Headers, view.HeaderCount));
                    return true;
                }
            }
            catch (Streaming.Protocol.Records.CorruptRecordException ex)
            {
                throw new Streaming.CorruptRecordException($"batch at offset {_header.BaseOffset} of {partition.TopicPartition} has malformed records: {ex.Message}");
            }
            _inBatch = false;
            _batchPosition += _header.TotalSize;
            SkipPast(partition, _header);
        }
    }

    /// <summary>
    /// Moves the position past a batch read to its end, as Kafka's consumer does: a compacted batch may end with offsets
    /// whose records were cleaned away, or hold none at all, and the next fetch must not ask for it again.
    /// </summary>
    private static void SkipPast(PartitionState partition, in RecordBatchHeader header)
    {
        if (header.NextOffset > partition.Position) partition.Position = header.NextOffset;
    }

    /// <summary>Checks the batch at the current position; false when it is skipped (control batch or all below the position).</summary>
    private bool OpenBatch(PartitionState partition)
    {
        var bytes = _buffer.AsSpan(_batchPosition, _end - _batchPosition);
        var validation = RecordBatch.Validate(bytes, out _header, checkCrcs);
        if (validation != BatchValidation.Valid)
        {
            // Never hand out records of a batch that fails its check; the position stays before it.
            throw new Streaming.CorruptRecordException($"batch at file offset {_batchPosition} of the fetch for {partition.TopicPartition} at offset {partition.Position} failed its check: {validation}");
        }
        bool aborted = !_aborted.IsEmpty && _aborted.IsAborted(_header, bytes[RecordBatchHeader.Size.._header.TotalSize]);
        if (aborted || _header.IsControl || _header.LastOffset < partition.Position || _header.RecordsCount == 0)
        {
            _batchPosition += _header.TotalSize;
            SkipPast(partition, _header);
            return false;
        }
        _compressed = _header.Compression != Streaming.Protocol.Records.CompressionType.None;
        if (_compressed)
        {
            _decompressed.ResetWrittenCount();
            try
            {
                RecordCompression.Decompress(_header.Compression, bytes[RecordBatchHeader.Size.._header.TotalSize], _decompressed);
            }
            catch (Streaming.Protocol.Records.CorruptRecordException ex)
            {
                throw new Streaming.CorruptRecordException($"batch at offset {_header.BaseOffset} of {partition.TopicPartition} could not be decompressed: {ex.Message}");
            }
        }
        _consumed = 0;
        _left = _header.RecordsCount;
        _inBatch = true;
        return true;
    }
}
