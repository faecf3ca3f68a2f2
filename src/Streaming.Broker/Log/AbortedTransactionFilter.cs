using Streaming.Protocol.Records;

namespace Streaming.Broker.Log;

/// <summary>
/// Tells, batch by batch in offset order, which transactional batches belong to aborted transactions — the rule Kafka's
/// read_committed consumer applies: an aborted transaction becomes active at the first batch that reaches its first
/// offset, every batch of its producer is dropped while it is active, and its abort marker ends it. Reused: no allocation
/// per batch.
/// </summary>
internal sealed class AbortedTransactionFilter
{
    private readonly List<AbortedTransaction> _pending = [];
    private readonly HashSet<long> _active = [];
    private int _next;

    private static readonly Comparison<AbortedTransaction> ByFirstOffset = static (a, b) => a.FirstOffset.CompareTo(b.FirstOffset);

    /// <summary>True when no aborted transaction is known for the range: every batch may be returned as it is.</summary>
    public bool IsEmpty => _pending.Count == 0;

    /// <summary>Starts over with the aborted transactions of the range about to be read (any order).</summary>
    public void Reset(List<AbortedTransaction> aborted)
    {
        _pending.Clear();
        _pending.AddRange(aborted);
        _pending.Sort(ByFirstOffset);
        _active.Clear();
        _next = 0;
    }

    public void Clear()
    {
        _pending.Clear();
        _active.Clear();
        _next = 0;
    }

    /// <summary>
    /// Looks at the next batch; true when its records must be dropped (a batch of an aborted transaction). A control batch
    /// is never "dropped" by this rule (callers skip markers anyway), but its abort marker ends the producer's aborted
    /// transaction; <paramref name="records"/> is the batch's records section, read only for markers.
    /// </summary>
    public bool IsAborted(in RecordBatchHeader header, ReadOnlySpan<byte> records)
    {
        if (_pending.Count == 0 || !header.IsTransactional) return false;
        // Markers too activate the transactions begun before them (Kafka's consumeAbortedTransactionsUpTo runs for every
        // batch): a fetch that starts at an abort marker must let the marker close its transaction, or the producer's
        // later batches in the fetch would be taken for part of it.
        while (_next < _pending.Count && _pending[_next].FirstOffset <= header.LastOffset)
            _active.Add(_pending[_next++].ProducerId);
        if (header.IsControl)
        {
            if (_active.Contains(header.ProducerId) && ControlBatch.TryReadType(header, records, out var type) && type == ControlRecordType.Abort)
                _active.Remove(header.ProducerId);
            return false;
        }
        return _active.Contains(header.ProducerId);
    }
}
