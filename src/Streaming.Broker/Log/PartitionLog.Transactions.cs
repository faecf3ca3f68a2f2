using Streaming.Protocol.Records;

namespace Streaming.Broker.Log;

/// <summary>Transactions on a partition: markers, the last stable offset, and the aborted transactions for read_committed.</summary>
internal sealed partial class PartitionLog
{
    /// <summary>
    /// Appends the marker that ends producer <paramref name="producerId"/>'s transaction here (the transaction
    /// coordinator's call): the producer's open transaction closes, the last stable offset moves on, and an abort is
    /// entered in the active segment's transaction index. A marker for a producer with no open transaction here is
    /// still written (a retried completion after a crash does that), and changes nothing.
    /// </summary>
    /// <exception cref="InvalidProducerEpochException">The marker's epoch is older than the producer's here.</exception>
    /// <exception cref="StorageException">The write failed; the partition is offline until the broker restarts.</exception>
    public AppendInfo AppendMarker(long producerId, short producerEpoch, ControlRecordType type, int coordinatorEpoch)
    {
        IAppendListener[] listeners;
        AppendInfo info;
        lock (_lock)
        {
            if (_failure is not null) throw _failure;
            _producers.CheckMarker(TopicPartition, producerId, producerEpoch);
            var now = _time.GetUtcNow();
            byte[] batch = ControlBatch.BuildMarker(producerId, producerEpoch, type, coordinatorEpoch, now.ToUnixTimeMilliseconds());
            long offset = _logEndOffset;
            RecordBatch.WriteBaseOffset(batch, offset);
            var active = _segments[^1];
            if (active.Size > 0 && (active.Size + batch.Length > Config.SegmentBytes || now - active.Created >= TimeSpan.FromMilliseconds(Config.SegmentMs)))
                active = Roll();
            try
            {
                active.Append(batch, offset, offset, now.ToUnixTimeMilliseconds());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Fail(ex);
            }
            var aborted = _producers.ApplyMarker(producerId, producerEpoch, type, offset, now.ToUnixTimeMilliseconds());
            if (aborted is { } entry) active.AbortedTransactions.Add(entry);
            // Log end first, then the (possibly later) first unstable offset: a reader may briefly see the old, lower
            // last stable offset, never a higher one than is true.
            Volatile.Write(ref _logEndOffset, offset + 1);
            Volatile.Write(ref _firstUnstableOffset, _producers.FirstUnstableOffset);
            listeners = _listeners;
            info = new AppendInfo(offset, offset, _logStartOffset);
        }
        foreach (var listener in listeners) listener.OnAppend(this);
        return info;
    }

    /// <summary>
    /// Adds to <paramref name="into"/> the aborted transactions that overlap [<paramref name="from"/>, <paramref name="to"/>),
    /// in marker order: what a read_committed fetch of that range must drop. Reads the segments' in-memory indexes only.
    /// </summary>
    public void CollectAbortedTransactions(long from, long to, List<AbortedTransaction> into)
    {
        var segments = Volatile.Read(ref _segments);
        // An entry sits in the segment of its marker: segments before the one holding `from` end before it, so their
        // entries cannot overlap; a later segment's entry can (a transaction that began in range and aborted later).
        for (int i = FindSegment(segments, from); i < segments.Length; i++)
            segments[i].AbortedTransactions.Collect(from, to, into);
    }

    /// <summary>The producers with an open transaction here and the first offset of each (tests, diagnostics, admin).</summary>
    internal (long ProducerId, long FirstOffset)[] OpenTransactions()
    {
        lock (_lock) return [.. _producers.OpenTransactions];
    }
}
