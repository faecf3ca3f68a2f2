using System.Buffers;
using Streaming.Broker.Storage;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Log;

/// <summary>Rewriting one segment: batches copied whole when nothing in them goes, rebuilt from the survivors otherwise.</summary>
internal sealed partial class LogCleaner
{
    private const short CompressionMask = 0x07;

    /// <summary>
    /// Writes the cleaned copy of <paramref name="segment"/> to its <c>.cleaned</c> file (fsynced) and opens it; null when
    /// nothing in the segment would go. <paramref name="removed"/> is the number of records left out.
    /// </summary>
    /// <paramref name="producersLastBatches"/> holds the last offset of each known idempotent producer's newest batch: such a
    /// batch is kept even when emptied, as Kafka's cleaner does, so the producer state rebuilt from the log at the next
    /// start still knows the producer's last sequence.
    private static LogSegment? CleanSegment(PartitionLog log, LogSegment segment, KeyOffsetMap map, long nowMs, TopicConfig config,
        Scratch scratch, HashSet<long> producersLastBatches, AbortedTransactionFilter filter, out long removed)
    {
        removed = 0;
        var storage = log.Storage;
        string path = Path.Combine(log.Directory, LogSegment.FileName(segment.BaseOffset, LogSegment.CleanedExtension));
        long tombstoneHorizon = nowMs - config.DeleteRetentionMs;
        try
        {
            using (var output = storage.Open(path, create: true))
            {
                output.Truncate(0);
                long written = 0, position = 0, size = segment.Size;
                while (position < size)
                {
                    var batch = scratch.ReadBatch(segment, position, out var header);
                    position += header.TotalSize;
                    var records = scratch.Records(batch, header);
                    bool abortedBatch = filter.IsAborted(header, records);
                    if (header.IsControl)
                    {
                        // Markers stay (Kafka removes them only later, once delete.retention.ms has passed; not done here):
                        // the transaction index entries and the producer state rebuilt at open rely on them.
                        Write(output, ref written, batch);
                        continue;
                    }
                    var kept = scratch.Kept;
                    kept.ResetWrittenCount();
                    var reader = new RecordReader(header, records);
                    int start = 0, keptCount = 0;
                    while (reader.TryRead(out var record))
                    {
                        int next = reader.BytesConsumed;
                        if (!abortedBatch && Retain(record, map, header.MaxTimestamp, tombstoneHorizon))
                        {
                            // Same baseOffset and baseTimestamp as before, so the record's bytes (its deltas) stay valid as they are.
                            kept.Write(records[start..next]);
                            keptCount++;
                        }
                        start = next;
                    }
                    if (keptCount == header.RecordsCount)
                    {
                        Write(output, ref written, batch);
                        continue;
                    }
                    removed += header.RecordsCount - keptCount;
                    // An emptied batch goes, except the segment's last: it keeps the segment's end offset (Kafka keeps such
                    // empty batches too, for the producer state), so the next segment still follows on without a gap —
                    // and except a producer's newest batch, which carries its last sequence.
                    if (keptCount > 0 || position >= size || (header.ProducerId >= 0 && producersLastBatches.Contains(header.LastOffset)))
                        Write(output, ref written, scratch.Rebuild(header, kept.WrittenSpan, keptCount));
                }
                if (removed == 0)
                {
                    output.Dispose();
                    storage.DeleteFile(path);
                    return null;
                }
                output.Flush();
            }
            return LogSegment.OpenCleaned(storage, log.Directory, segment.BaseOffset, config.IndexIntervalBytes, segment.Created);
        }
        catch
        {
            try
            {
                if (storage.FileExists(path)) storage.DeleteFile(path);
            }
            catch (IOException)
            {
                // Left for the next open of the log, which deletes leftover .cleaned files.
            }
            throw;
        }
    }

    /// <summary>Kafka's rule: a record stays unless a newer record has its key; a tombstone also goes once delete.retention.ms has passed.</summary>
    private static bool Retain(in RecordView record, KeyOffsetMap map, long batchMaxTimestamp, long tombstoneHorizon)
    {
        if (record.KeyIsNull) return true; // refused on append to a compacted topic; kept if older data has some
        if (map.TryGet(record.Key, out long latest) && latest > record.Offset) return false;
        return !(record.ValueIsNull && batchMaxTimestamp < tombstoneHorizon);
    }

    private static void Write(IStorageFile output, ref long written, ReadOnlySpan<byte> batch)
    {
        output.Write(written, batch);
        written += batch.Length;
    }

    /// <summary>Buffers reused across the batches of a cleaning pass.</summary>
    private sealed class Scratch : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _decompressed = new();
        private readonly ArrayBufferWriter<byte> _compressed = new();
        private byte[] _batch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        private byte[] _rebuilt = ArrayPool<byte>.Shared.Rent(64 * 1024);

        public ArrayBufferWriter<byte> Kept { get; } = new();

        /// <summary>Reads and checks (CRC included) the batch at <paramref name="position"/>; valid until the next call.</summary>
        public ReadOnlySpan<byte> ReadBatch(LogSegment segment, long position, out RecordBatchHeader header)
        {
            int n = segment.Read(position, _batch.AsSpan(0, RecordBatchHeader.Size));
            int total = n == RecordBatchHeader.Size ? RecordBatch.PeekTotalSize(_batch) : -1;
            if (total < RecordBatchHeader.Size) throw Corrupt(segment, position, "its header is cut short or impossible");
            Grow(ref _batch, total);
            if (segment.Read(position, _batch.AsSpan(0, total)) != total) throw Corrupt(segment, position, "it is cut short");
            var validation = RecordBatch.Validate(_batch.AsSpan(0, total), out header);
            if (validation != BatchValidation.Valid) throw Corrupt(segment, position, validation.ToString());
            return _batch.AsSpan(0, total);
        }

        /// <summary>The records section of <paramref name="batch"/>, decompressed when needed.</summary>
        public ReadOnlySpan<byte> Records(ReadOnlySpan<byte> batch, in RecordBatchHeader header)
        {
            var records = batch[RecordBatchHeader.Size..header.TotalSize];
            if (header.Compression == Streaming.Protocol.Records.CompressionType.None) return records;
            _decompressed.ResetWrittenCount();
            RecordCompression.Decompress(header.Compression, records, _decompressed);
            return _decompressed.WrittenSpan;
        }

        /// <summary>
        /// A batch like <paramref name="header"/>'s — same baseOffset, lastOffsetDelta, timestamps, producer fields and codec —
        /// holding only <paramref name="records"/>. An empty one is written uncompressed.
        /// </summary>
        public ReadOnlySpan<byte> Rebuild(in RecordBatchHeader header, ReadOnlySpan<byte> records, int count)
        {
            Streaming.Protocol.Records.CompressionType codec = count == 0 ? Streaming.Protocol.Records.CompressionType.None : header.Compression;
            if (codec != Streaming.Protocol.Records.CompressionType.None)
            {
                _compressed.ResetWrittenCount();
                RecordCompression.Compress(codec, records, _compressed);
                records = _compressed.WrittenSpan;
            }
            int length = RecordBatchHeader.Size + records.Length;
            Grow(ref _rebuilt, length);
            var rebuilt = header with
            {
                BatchLength = length - RecordBatchHeader.LogOverhead,
                Crc = 0,
                Attributes = count == 0 ? (short)(header.Attributes & ~CompressionMask) : header.Attributes,
                RecordsCount = count,
            };
            rebuilt.Write(_rebuilt);
            records.CopyTo(_rebuilt.AsSpan(RecordBatchHeader.Size));
            RecordBatch.WriteCrc(_rebuilt.AsSpan(0, length));
            return _rebuilt.AsSpan(0, length);
        }

        private static void Grow(ref byte[] buffer, int size)
        {
            if (buffer.Length >= size) return;
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(size);
        }

        private static StorageException Corrupt(LogSegment segment, long position, string why)
            => new($"log cleaner: the batch at file position {position} of '{segment.LogPath}' is not readable: {why}");

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_batch);
            ArrayPool<byte>.Shared.Return(_rebuilt);
        }
    }
}
