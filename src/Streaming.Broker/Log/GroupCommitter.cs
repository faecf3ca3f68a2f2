namespace Streaming.Broker.Log;

/// <summary>
/// Group commit for acks=all: one thread fsyncs each partition that has waiters, once for everything appended before the
/// fsync started, then releases every waiter that fsync covered. Many producers' appends share one fsync.
/// </summary>
internal sealed class GroupCommitter : IDisposable
{
    private readonly object _lock = new();
    private readonly Thread _thread;
    private List<Waiter> _pending = [];
    private List<Waiter> _spare = [];
    private bool _stopping;

    public GroupCommitter()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "streaming-group-commit" };
        _thread.Start();
    }

    /// <summary>Fsyncs performed so far (for tests and metrics).</summary>
    public long FlushCount { get; private set; }

    /// <summary>The longest single fsync so far (for the perf harness and diagnosis of acks=all latency).</summary>
    public TimeSpan LongestFlush { get; private set; }

    /// <summary>Calls <paramref name="waiter"/> once every offset below <paramref name="endOffset"/> of <paramref name="log"/> is durable.</summary>
    public void WaitForFlush(PartitionLog log, long endOffset, IFlushWaiter waiter)
    {
        if (log.FlushedOffset >= endOffset)
        {
            waiter.OnFlushed(null);
            return;
        }
        lock (_lock)
        {
            if (_stopping)
            {
                waiter.OnFlushed(new StorageException("the broker is shutting down"));
                return;
            }
            _pending.Add(new Waiter(log, endOffset, waiter));
            if (_pending.Count == 1) Monitor.Pulse(_lock);
        }
    }

    /// <summary>Returns a task that completes when the offsets below <paramref name="endOffset"/> are durable.</summary>
    public Task WaitForFlushAsync(PartitionLog log, long endOffset)
    {
        if (log.FlushedOffset >= endOffset) return Task.CompletedTask;
        var waiter = new TaskWaiter();
        WaitForFlush(log, endOffset, waiter);
        return waiter.Task;
    }

    private void Run()
    {
        var logs = new HashSet<PartitionLog>();
        while (true)
        {
            List<Waiter> batch;
            lock (_lock)
            {
                while (_pending.Count == 0 && !_stopping) Monitor.Wait(_lock);
                if (_pending.Count == 0 && _stopping) return;
                batch = _pending;
                _pending = _spare;
            }

            logs.Clear();
            foreach (var w in batch) logs.Add(w.Log);
            var errors = new Dictionary<PartitionLog, StreamingException>();
            foreach (var log in logs)
            {
                try
                {
                    long started = System.Diagnostics.Stopwatch.GetTimestamp();
                    log.Flush();
                    var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                    if (took > LongestFlush) LongestFlush = took;
                    FlushCount++;
                }
                catch (StreamingException ex)
                {
                    errors[log] = ex;
                }
            }

            List<Waiter>? again = null;
            foreach (var w in batch)
            {
                if (errors.TryGetValue(w.Log, out var error)) w.Callback.OnFlushed(error);
                else if (w.Log.FlushedOffset >= w.EndOffset) w.Callback.OnFlushed(null);
                else (again ??= []).Add(w);
            }
            batch.Clear();
            lock (_lock)
            {
                _spare = batch;
                if (again is not null) _pending.AddRange(again);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stopping = true;
            Monitor.PulseAll(_lock);
        }
        _thread.Join();
    }

    private readonly record struct Waiter(PartitionLog Log, long EndOffset, IFlushWaiter Callback);

    private sealed class TaskWaiter : IFlushWaiter
    {
        private readonly TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _tcs.Task;

        public void OnFlushed(StreamingException? error)
        {
            if (error is null) _tcs.TrySetResult();
            else _tcs.TrySetException(error);
        }
    }
}
