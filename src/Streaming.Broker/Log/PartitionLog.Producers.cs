using Streaming.Protocol.Records;

namespace Streaming.Broker.Log;

internal sealed partial class PartitionLog
{
    private const string ProducerSnapshotFile = "producer-state.snapshot";

    /// <summary>
    /// The producers' state at open: from the snapshot a clean shutdown wrote (when it matches the log end), otherwise
    /// rebuilt from every batch header. The snapshot is deleted once read, so a later unclean stop never trusts it.
    /// </summary>
    private static ProducerStateManager LoadProducerState(Storage.IStorage storage, string directory, LogSegment[] segments, bool cleanShutdown)
    {
        string path = Path.Combine(directory, ProducerSnapshotFile);
        if (!storage.FileExists(path)) return RebuildProducerState(segments);
        ProducerStateManager? loaded = null;
        if (cleanShutdown)
        {
            using var file = storage.Open(path, create: false);
            var bytes = new byte[file.Length];
            if (file.Read(0, bytes) == bytes.Length) loaded = ProducerStateManager.FromSnapshot(bytes, segments[^1].NextOffset);
        }
        storage.DeleteFile(path);
        return loaded ?? RebuildProducerState(segments);
    }

    /// <summary>Writes the snapshot a clean shutdown leaves for the next open. Under the lock.</summary>
    private void WriteProducerSnapshot()
    {
        if (_producers.Count == 0) return;
        string path = Path.Combine(Directory, ProducerSnapshotFile);
        using var file = _storage.Open(path, create: true);
        file.Truncate(0);
        file.Write(0, _producers.ToSnapshot(_logEndOffset));
        file.Flush();
    }

    /// <summary>
    /// Rebuilds the idempotent producers' state from the batch headers of every segment (producer id, epoch and sequence
    /// are in each header; the cleaner keeps them, even in batches it empties), and with it the open transactions and
    /// every segment's aborted-transaction index (from the markers). Reads 61 bytes per batch, and the one record of each
    /// marker. Simpler than Kafka's snapshot files plus replay, at the cost of one header read per batch at open.
    /// </summary>
    private static ProducerStateManager RebuildProducerState(LogSegment[] segments)
    {
        var producers = new ProducerStateManager();
        Span<byte> buffer = stackalloc byte[RecordBatchHeader.Size];
        Span<byte> marker = stackalloc byte[256];
        var aborted = new List<AbortedTransaction>();
        for (int s = 0; s < segments.Length; s++)
        {
            var segment = segments[s];
            aborted.Clear();
            long position = 0;
            long size = segment.Size;
            while (position < size)
            {
                if (segment.Read(position, buffer) < RecordBatchHeader.Size) break;
                var header = RecordBatchHeader.Read(buffer);
                if (header.TotalSize < RecordBatchHeader.Size) break;
                if (header.IsControl)
                {
                    if (header.TotalSize <= marker.Length && segment.Read(position, marker[..header.TotalSize]) == header.TotalSize
                        && ControlBatch.TryReadType(marker[..header.TotalSize], out var type)
                        && producers.ApplyMarker(header.ProducerId, header.ProducerEpoch, type, header.BaseOffset, header.MaxTimestamp) is { } entry)
                    {
                        aborted.Add(entry);
                    }
                }
                else if (header.ProducerId >= 0)
                {
                    producers.Update(header, header.BaseOffset, header.LastOffset, header.MaxTimestamp);
                }
                position += header.TotalSize;
            }
            var index = segment.AbortedTransactions;
            if (!index.Entries.AsSpan().SequenceEqual(aborted.ToArray()))
            {
                index.Replace([.. aborted]);
                // A closed segment's index files are written only when it rolls: write the rebuilt one back now.
                if (s < segments.Length - 1) segment.WriteTransactionIndex();
            }
        }
        return producers;
    }

    /// <summary>
    /// Forgets the producers that appended nothing for <paramref name="expiration"/> (<c>producer.id.expiration.ms</c>);
    /// returns how many went. A forgotten producer is accepted again at any sequence, as in Kafka.
    /// </summary>
    public int ExpireProducers(DateTimeOffset now, TimeSpan expiration)
    {
        lock (_lock) return _producers.RemoveExpired((now - expiration).ToUnixTimeMilliseconds());
    }

    /// <summary>The last offset of every known producer's newest batch here, for the cleaner, which must keep those batches.</summary>
    internal HashSet<long> ProducersLastBatchOffsets()
    {
        lock (_lock) return _producers.LastBatchOffsets();
    }

    /// <summary>Tests and diagnostics: a producer's epoch, last sequence and remembered batches here, or null when unknown.</summary>
    internal (short Epoch, int LastSequence, BatchMetadata[] Batches)? ProducerState(long producerId)
    {
        lock (_lock)
        {
            var entry = _producers.Get(producerId);
            return entry is null ? null : (entry.Epoch, entry.LastSequence, entry.Batches.ToArray());
        }
    }
}
