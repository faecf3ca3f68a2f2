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

    public PollingConsumer(Func<PollingConsumer, IConsumer<string, string>> create, Action<IConsumer<string, string>> start)
    {
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

    /// <summary>Set by the test to process each record (e.g. commit) on the consumer's thread.</summary>
    public Action<IConsumer<string, string>, ConsumeResult<string, string>>? OnRecord { get; set; }

    /// <summary>Runs an action on the consumer's thread at its next poll.</summary>
    public void Post(Action<IConsumer<string, string>> action) => _actions.Enqueue(action);

    private void Run(IConsumer<string, string> consumer)
    {
        try
        {
            while (!_stop)
            {
                while (_actions.TryDequeue(out var action)) action(consumer);
                var r = consumer.Consume(TimeSpan.FromMilliseconds(20));
                _assignment = consumer.Assignment.ToArray();
                if (r is null) continue;
                Received.Enqueue(r);
                OnRecord?.Invoke(consumer, r);
            }
        }
        catch (Exception ex)
        {
            Error = ex;
        }
        finally
        {
            if (!_abandon) consumer.Close();
            else if (consumer is Streaming.Broker.InProcess.InProcessConsumer<string, string> inProcess) inProcess.AbandonForTests();
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
        _thread.Join();
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
