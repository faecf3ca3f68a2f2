using System.Buffers;
using Streaming.Protocol.Records;
using Streaming.Broker.Storage;

namespace Streaming.Broker.Log;

/// <summary>The log's side of compaction: keys required on append, the cleaner's checkpoint, and segment swaps.</summary>
internal sealed partial class PartitionLog
{
    private long _cleanerCheckpoint;

    /// <summary>Every offset below this was cleaned by the last completed pass of the log cleaner (0 when never cleaned).</summary>
    public long CleanerCheckpoint
    {
        get => Volatile.Read(ref _cleanerCheckpoint);
        private init => _cleanerCheckpoint = value;
    }

    /// <summary>The current segments, oldest first; the last one is the active segment. An immutable snapshot.</summary>
    internal LogSegment[] Segments => Volatile.Read(ref _segments);

    internal IStorage Storage => _storage;

    /// <summary>Records the cleaner's progress durably (written to a temporary file, fsynced, renamed over the old one).</summary>
    internal void WriteCleanerCheckpoint(long offset)
    {
        OffsetCheckpointFile.Write(_storage, Directory, OffsetCheckpointFile.Cleaner, offset);
        Volatile.Write(ref _cleanerCheckpoint, offset);
    }

    /// <summary>
    /// Replaces <paramref name="old"/> with its cleaned copy: the files are swapped and the segment list updated under the
    /// append lock, so nothing sees a half-swapped log. False (nothing changed) when the segment is no longer in the log —
    /// retention deleted it or the log was closed meanwhile. Readers that still hold the old segment get
    /// <see cref="ObjectDisposedException"/> once it is disposed and read again from the new list.
    /// </summary>
    internal bool TryReplaceSegment(LogSegment old, LogSegment cleaned)
    {
        lock (_lock)
        {
            if (_closed || _failure is not null) return false;
            var segments = _segments;
            int index = Array.IndexOf(segments, old);
            if (index < 0 || index == segments.Length - 1) return false;
            try
            {
                cleaned.CommitCleaned();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The old segment stays in the list and keeps serving; its files are either untouched or already the
                // cleaned copy (same records at the same offsets, minus the cleaned ones), and a later open finishes the swap.
                throw new StorageException($"log cleaner: swapping in the cleaned copy of {old.LogPath} failed: {ex.Message}", ex);
            }
            var next = (LogSegment[])segments.Clone();
            next[index] = cleaned;
            Volatile.Write(ref _segments, next);
        }
        old.Dispose(); // not Delete: its path now names the cleaned file
        return true;
    }

    /// <summary>Kafka refuses records without a key on a compacted topic: the cleaner could never replace or remove them.</summary>
    private void RequireKeys(ReadOnlySpan<byte> batch, in RecordBatchHeader header)
    {
        ReadOnlySpan<byte> records = batch[RecordBatchHeader.Size..header.TotalSize];
        ArrayBufferWriter<byte>? decompressed = null;
        if (header.Compression != Streaming.Protocol.Records.CompressionType.None)
        {
            decompressed = new ArrayBufferWriter<byte>(records.Length * 4);
            try
            {
                RecordCompression.Decompress(header.Compression, records, decompressed);
            }
            catch (Streaming.Protocol.Records.CorruptRecordException ex)
            {
                throw new Streaming.CorruptRecordException($"batch for {TopicPartition} rejected: it could not be decompressed: {ex.Message}");
            }
            records = decompressed.WrittenSpan;
        }
        var reader = new RecordReader(header, records);
        try
        {
            for (int i = 0; reader.TryRead(out var record); i++)
            {
                if (record.KeyIsNull)
                {
                    throw new InvalidRecordException(
                        $"topic '{TopicPartition.Topic}' is compacted (cleanup.policy={(Config.Delete ? "compact,delete" : "compact")}) and accepts only records with a key: record {i} of the batch for partition {TopicPartition.Partition} has a null key");
                }
            }
        }
        catch (Streaming.Protocol.Records.CorruptRecordException ex)
        {
            throw new Streaming.CorruptRecordException($"batch for {TopicPartition} rejected: {ex.Message}");
        }
    }
}
