using System.Collections.Concurrent;
using Streaming.Hosting.Diagnostics;

namespace Streaming.Hosting.Consumers;

/// <summary>
/// At-most-once: polled records are held on the poll thread and handed out only when they can start at once (their lane
/// idle, a concurrency slot free), in offset order per partition; the offset past them is committed just before. A crash
/// then loses at most the records being handled, never records that were polled but not yet handed out.
/// </summary>
internal sealed partial class ConsumerWorker<TKey, TValue>
{
    private readonly Dictionary<TopicPartition, Queue<ConsumeResult<byte[]?, byte[]?>>> _held = [];
    private readonly ConcurrentDictionary<LaneKey, byte> _busyLanes = new();
    private int _heldCount;

    private bool IsAtMostOnce => Options.DeliveryGuarantee == DeliveryGuarantee.AtMostOnce;

    private void Hold(List<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        foreach (var record in batch)
        {
            if (!_held.TryGetValue(record.TopicPartition, out var queue)) _held[record.TopicPartition] = queue = new();
            queue.Enqueue(record);
            _heldCount++;
        }
    }

    private int HeldCount(TopicPartition tp) => _held.TryGetValue(tp, out var queue) ? queue.Count : 0;

    /// <summary>
    /// Hands out the held records that can start now, after committing past them. When none can, waits (up to the poll
    /// timeout) for a record to finish, since the poll itself does not block while records are held.
    /// </summary>
    private void HandOutHeld(bool polledAny)
    {
        if (_heldCount == 0 || _stopping) return;
        var progress = _progress.WhenProgressAsync(); // taken before the lanes are looked at, so no finish is missed
        var handOut = new List<ConsumeResult<byte[]?, byte[]?>>();
        var lanes = new HashSet<LaneKey>();
        int room = Options.MaxConcurrency - _progress.Outstanding;
        foreach (var queue in _held.Values)
        {
            // In offset order: a record behind one whose lane is busy waits too, since committing past it would lose it.
            while (handOut.Count < room && queue.TryPeek(out var next))
            {
                var lane = LaneKeyOf(next);
                if (_busyLanes.ContainsKey(lane) || !lanes.Add(lane)) break;
                handOut.Add(queue.Dequeue());
            }
        }
        if (handOut.Count == 0)
        {
            if (!polledAny) progress.Wait(PollTimeout);
            return;
        }
        try
        {
            _consumer!.Commit(handOut.GroupBy(r => r.TopicPartition).Select(g => new TopicPartitionOffset(g.Key, g.Max(r => r.Offset.Value) + 1)));
        }
        catch (StreamingException ex) when (ex.IsRetriable)
        {
            Log.CommitFailed(_logger, ex, Name);
            foreach (var record in handOut.AsEnumerable().Reverse()) Requeue(record); // not handed out: tried again next round
            return;
        }
        _heldCount -= handOut.Count;
        foreach (var record in handOut)
        {
            _busyLanes[LaneKeyOf(record)] = 0;
            _progress.Dispatched(record.TopicPartition, record.Offset.Value);
            LaneFor(record).Writer.TryWrite(record);
        }
    }

    /// <summary>Puts a record back at the head of its partition's queue.</summary>
    private void Requeue(ConsumeResult<byte[]?, byte[]?> record)
    {
        var queue = _held[record.TopicPartition];
        var rest = queue.ToArray();
        queue.Clear();
        queue.Enqueue(record);
        foreach (var r in rest) queue.Enqueue(r);
    }

    /// <summary>Forgets the held records of partitions given up: never committed, so their next owner gets them.</summary>
    private void DropHeld(IEnumerable<TopicPartition> partitions)
    {
        foreach (var tp in partitions)
        {
            if (_held.Remove(tp, out var queue)) _heldCount -= queue.Count;
        }
    }

    /// <summary>Called by a lane when it finished (or skipped) a record, before the progress signal wakes the poll loop.</summary>
    private void LaneIdle(ConsumeResult<byte[]?, byte[]?> record)
    {
        if (IsAtMostOnce) _busyLanes.TryRemove(LaneKeyOf(record), out _);
    }
}
