using System.Diagnostics;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Log;

/// <summary>
/// Log compaction, as Kafka's log cleaner does it: for each partition whose <c>cleanup.policy</c> includes <c>compact</c>
/// and whose dirty ratio (bytes written since the last clean ÷ bytes of the cleanable log) reaches
/// <c>min.cleanable.dirty.ratio</c>, it maps every key of the dirty part to its latest offset, then rewrites each closed
/// segment keeping only the latest record of each key (and tombstones until <c>delete.retention.ms</c> has passed).
/// The active segment is never cleaned. Offsets never change: survivors keep theirs, leaving gaps. One pass at a time.
/// </summary>
internal sealed partial class LogCleaner(TimeProvider time)
{
    private readonly object _gate = new();
    private bool _stopped;

    /// <summary>Cleans every compacted log that needs it; a log that fails is left as it was and the others go on.</summary>
    public CleaningResult Run(IEnumerable<PartitionLog> logs)
    {
        lock (_gate)
        {
            var total = default(CleaningResult);
            foreach (var log in logs)
            {
                if (_stopped) break;
                if (!log.Config.Compact) continue;
                try
                {
                    total += Clean(log, time.GetUtcNow());
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or StreamingException
                                               or Streaming.Protocol.Records.CorruptRecordException)
                {
                    // The log is untouched or partly cleaned — both consistent; the next pass tries again.
                    Trace.TraceWarning($"log cleaner: cleaning {log.TopicPartition} failed: {ex.Message}");
                }
            }
            return total;
        }
    }

    /// <summary>Waits for a running pass to end and refuses new ones: called before the logs are closed.</summary>
    public void Stop()
    {
        lock (_gate) _stopped = true;
    }

    /// <summary>Cleans one log if its dirty ratio asks for it.</summary>
    internal CleaningResult Clean(PartitionLog log, DateTimeOffset now)
    {
        var config = log.Config;
        var segments = log.Segments;
        long nowMs = now.ToUnixTimeMilliseconds();

        // The cleanable range: closed segments whose newest record is older than min.compaction.lag.ms (and only a prefix,
        // so that the range ends where the uncleaned part begins).
        // Nor past the last stable offset: an open transaction may still abort, and its records must not replace older values.
        long lastStable = log.LastStableOffset;
        int cleanable = 0;
        while (cleanable < segments.Length - 1
               && segments[cleanable].NextOffset <= lastStable
               && (config.MinCompactionLagMs == 0 || segments[cleanable].MaxTimestamp <= nowMs - config.MinCompactionLagMs))
            cleanable++;
        if (cleanable == 0) return default;
        long end = segments[cleanable].BaseOffset;
        long firstDirty = Math.Clamp(log.CleanerCheckpoint, segments[0].BaseOffset, end);

        long cleanBytes = 0, dirtyBytes = 0;
        int firstDirtySegment = cleanable;
        for (int i = cleanable - 1; i >= 0; i--)
        {
            if (segments[i].NextOffset <= firstDirty) cleanBytes += segments[i].Size;
            else
            {
                dirtyBytes += segments[i].Size;
                firstDirtySegment = i;
            }
        }
        if (dirtyBytes == 0 || (double)dirtyBytes / (cleanBytes + dirtyBytes) < config.MinCleanableDirtyRatio) return default;

        using var scratch = new Scratch();
        // Taken now: a producer's later batches land in the active segment, which this pass does not touch.
        var producersLastBatches = log.ProducersLastBatchOffsets();
        // Records of aborted transactions are never visible to read_committed readers: they go, and never shadow a key.
        var aborted = new List<AbortedTransaction>();
        log.CollectAbortedTransactions(segments[0].BaseOffset, end, aborted);
        var filter = new AbortedTransactionFilter();
        filter.Reset(aborted);
        var map = new KeyOffsetMap();
        for (int i = firstDirtySegment; i < cleanable; i++) BuildMap(segments[i], map, scratch, filter);
        filter.Reset(aborted);

        // Oldest segment first: a record is removed only for a newer one of its key, which sits in the same segment or a
        // later one, so a crash between two swaps can never leave a key whose older value came back.
        var result = new CleaningResult(1, 0, 0, 0);
        for (int i = 0; i < cleanable; i++)
        {
            var cleaned = CleanSegment(log, segments[i], map, nowMs, config, scratch, producersLastBatches, filter, out long removed);
            if (cleaned is null) continue;
            cleaned.AbortedTransactions.Replace(segments[i].AbortedTransactions.Entries); // markers stay, so their entries hold
            long before = segments[i].Size;
            bool replaced;
            try
            {
                replaced = log.TryReplaceSegment(segments[i], cleaned);
            }
            catch
            {
                cleaned.Dispose();
                throw;
            }
            if (!replaced)
            {
                // Retention deleted the segment or the log closed meanwhile: drop the copy and leave the rest for later.
                cleaned.Dispose();
                DeleteCleanedFile(log, segments[i].BaseOffset);
                return result;
            }
            result += new CleaningResult(0, 1, removed, before - cleaned.Size);
        }
        log.WriteCleanerCheckpoint(end);
        return result;
    }

    private static void BuildMap(LogSegment segment, KeyOffsetMap map, Scratch scratch, AbortedTransactionFilter filter)
    {
        long position = 0, size = segment.Size;
        while (position < size)
        {
            var batch = scratch.ReadBatch(segment, position, out var header);
            position += header.TotalSize;
            var records = scratch.Records(batch, header);
            if (filter.IsAborted(header, records) || header.IsControl) continue;
            var reader = new RecordReader(header, records);
            while (reader.TryRead(out var record))
                if (!record.KeyIsNull) map.Put(record.Key, record.Offset);
        }
    }

    private static void DeleteCleanedFile(PartitionLog log, long baseOffset)
    {
        try
        {
            string path = Path.Combine(log.Directory, LogSegment.FileName(baseOffset, LogSegment.CleanedExtension));
            if (log.Storage.FileExists(path)) log.Storage.DeleteFile(path);
        }
        catch (IOException)
        {
            // Opening the log deletes it anyway.
        }
    }
}
