namespace Streaming.Hosting.Consumers;

/// <summary>
/// Which records of each partition were handed out and which finished, so that only offsets below the first unfinished
/// record are committed (records finish out of order under <see cref="ProcessingOrder.PerKey"/>), and how many records
/// are outstanding, so the poll loop can wait until the workers are idle. Thread-safe.
/// </summary>
internal sealed class PartitionProgress(TimeProvider time)
{
    private readonly Dictionary<TopicPartition, Entry> _partitions = [];
    private readonly object _gate = new(); // Monitor.Wait/PulseAll, which System.Threading.Lock does not offer
    private TaskCompletionSource _progress = NewSignal();
    private int _outstanding;
    private DateTimeOffset _lastProgress = time.GetUtcNow();

    public int Outstanding => Volatile.Read(ref _outstanding);

    public DateTimeOffset LastProgress
    {
        get
        {
            lock (_gate) return _lastProgress;
        }
    }

    public Task WhenProgressAsync()
    {
        lock (_gate) return _progress.Task;
    }

    /// <summary>Records that <paramref name="offset"/> was handed to a lane.</summary>
    public void Dispatched(TopicPartition tp, long offset)
    {
        lock (_gate)
        {
            var entry = Get(tp);
            entry.Pending.Add(offset);
            entry.Next = Math.Max(entry.Next, offset + 1);
            if (_outstanding++ == 0) _lastProgress = time.GetUtcNow();
        }
    }

    /// <summary>Records that the handler finished (or dead-lettered) the record.</summary>
    public void Completed(TopicPartition tp, long offset)
    {
        lock (_gate)
        {
            if (_partitions.TryGetValue(tp, out var entry)) entry.Pending.Remove(offset);
            _lastProgress = time.GetUtcNow();
            Released();
        }
    }

    /// <summary>Records that a handed-out record was left unprocessed (shutdown, fatal error): it stays uncommitted.</summary>
    public void Skipped()
    {
        lock (_gate) Released();
    }

    /// <summary>Moves a partition with nothing pending to the consumer's position (past transaction markers).</summary>
    public void Advance(TopicPartition tp, long position)
    {
        lock (_gate)
        {
            var entry = Get(tp);
            if (entry.Pending.Count > 0 || position <= entry.Next) return;
            entry.Next = position;
            Signal();
        }
    }

    /// <summary>Per partition, the next offset to process: the first unfinished record, else the one after the last handed out.</summary>
    public Dictionary<TopicPartition, long> Committable()
    {
        lock (_gate)
        {
            var result = new Dictionary<TopicPartition, long>(_partitions.Count);
            foreach (var (tp, entry) in _partitions)
            {
                if (entry.Next < 0) continue;
                result[tp] = entry.Pending.Count > 0 ? entry.Pending.Min : entry.Next;
            }
            return result;
        }
    }

    public int PendingCount(TopicPartition tp)
    {
        lock (_gate) return _partitions.TryGetValue(tp, out var entry) ? entry.Pending.Count : 0;
    }

    /// <summary>Forgets partitions that were revoked or rewound.</summary>
    public void Forget(IEnumerable<TopicPartition> partitions)
    {
        lock (_gate)
        {
            foreach (var tp in partitions) _partitions.Remove(tp);
        }
    }

    /// <summary>Waits until no record is outstanding; false when <paramref name="cancellationToken"/> fired first.</summary>
    public bool WaitIdle(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            while (_outstanding > 0)
            {
                if (cancellationToken.IsCancellationRequested) return false;
                // Woken by Released; the timeout only bounds how late a cancellation is noticed.
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(50));
            }
            return true;
        }
    }

    /// <summary>Wakes progress waiters (e.g. when the worker stops).</summary>
    public void Signal()
    {
        lock (_gate)
        {
            var old = _progress;
            _progress = NewSignal();
            old.TrySetResult();
        }
    }

    private void Released()
    {
        if (--_outstanding == 0) Monitor.PulseAll(_gate);
        Signal();
    }

    private Entry Get(TopicPartition tp)
    {
        if (!_partitions.TryGetValue(tp, out var entry)) _partitions[tp] = entry = new Entry();
        return entry;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Entry
    {
        public SortedSet<long> Pending { get; } = [];

        public long Next { get; set; } = -1;
    }
}
