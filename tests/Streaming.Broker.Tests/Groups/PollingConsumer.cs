using System.Collections.Concurrent;

namespace Streaming.Broker.Tests.Groups;

/// <summary>
/// Runs a consumer on its own thread (consumers are single-threaded, as Kafka's), polling in a loop and recording what
/// it receives and what it owns, so a test can wait on group-wide conditions.
/// </summary>
internal sealed class PollingConsumer : IDisposable
{
    private readonly Thread _thread;
    private readonly ConcurrentQueue<Action<IConsumer<string, string>>> _actions = new();
    private volatile bool _stop;
    private volatile bool _abandon;
    private volatile TopicPartition[] _assignment = [];
    private readonly int _crashAfter;
    private volatile string _stage = "starting";

    public PollingConsumer(Func<PollingConsumer, IConsumer<string, string>> create, Action<IConsumer<string, string>> start,
        Action<IConsumer<string, string>, ConsumeResult<string, string>>? onRecord = null, int crashAfterRecords = int.MaxValue)
    {
        OnRecord = onRecord;
        _crashAfter = crashAfterRecords;
        var ready = new ManualResetEventSlim();
        Exception? startError = null;
        _thread = new Thread(() =>
        {
            IConsumer<string, string> consumer;
            try
            {
                consumer = create(this);
                start(consumer);
            }
            catch (Exception ex)
            {
                startError = ex;
                ready.Set();
                return;
            }
            ready.Set();
            Run(consumer);
        }) { IsBackground = true, Name = "test-consumer" };
        _thread.Start();
        ready.Wait();
        if (startError is not null) throw new InvalidOperationException("consumer failed to start", startError);
    }

    public ConcurrentQueue<ConsumeResult<string, string>> Received { get; } = new();

    public ConcurrentQueue<IReadOnlyList<TopicPartition>> Assigned { get; } = new();

    public ConcurrentQueue<IReadOnlyList<TopicPartition>> Revoked { get; } = new();

    public ConcurrentQueue<IReadOnlyList<TopicPartition>> Lost { get; } = new();

    public Exception? Error { get; private set; }

    public IReadOnlyList<TopicPartition> Assignment => _assignment;

    /// <summary>Processes each record (e.g. commit) on the consumer's thread.</summary>
    public Action<IConsumer<string, string>, ConsumeResult<string, string>>? OnRecord { get; set; }

    /// <summary>True once the consumer thread has ended (crashed or stopped).</summary>
    public bool Stopped => !_thread.IsAlive;

    /// <summary>Runs an action on the consumer's thread at its next poll.</summary>
    public void Post(Action<IConsumer<string, string>> action) => _actions.Enqueue(action);

    private void Run(IConsumer<string, string> consumer)
    {
        try
        {
            while (!_stop)
            {
                while (_actions.TryDequeue(out var action)) action(consumer);
                _stage = "consume";
                var r = consumer.Consume(TimeSpan.FromMilliseconds(20));
                _stage = "handle";
                _assignment = consumer.Assignment.ToArray();
                if (r is null) continue;
                Received.Enqueue(r);
                OnRecord?.Invoke(consumer, r);
                if (Received.Count >= _crashAfter)
                {
                    _abandon = true; // dies right after processing this record: no commit, no leave
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            Error = ex;
        }
        finally
        {
            _stage = "close";
            if (!_abandon) consumer.Close();
            else if (consumer is Streaming.Broker.InProcess.InProcessConsumer<string, string> inProcess) inProcess.AbandonForTests();
            _stage = "closed";
        }
    }

    /// <summary>Stops polling without closing the consumer: as if the process died (no commit, no leave, no heartbeats after the test stops them).</summary>
    public void Abandon()
    {
        _abandon = true;
        _stop = true;
        _thread.Join();
    }

    public void Dispose()
    {
        _stop = true;
        if (!_thread.Join(TimeSpan.FromSeconds(20)))
            throw new TimeoutException($"the consumer thread did not stop within 20 s; it is in stage '{_stage}'");
    }

    public static bool WaitUntil(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            Thread.Sleep(10);
        }
        return condition();
    }
}
