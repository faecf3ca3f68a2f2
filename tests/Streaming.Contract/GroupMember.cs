using System.Collections.Concurrent;

namespace Streaming.Contract;

/// <summary>
/// A consumer polling on its own thread (consumers are single-threaded, and a group only settles while its members poll),
/// recording what it receives and its rebalance events so a test can wait on group-wide conditions.
/// </summary>
public sealed class GroupMember : IDisposable
{
    private readonly Thread _thread;
    private readonly ConcurrentQueue<Action<IConsumer<string?, string?>>> _actions = new();
    private volatile bool _stop;
    private volatile TopicPartition[] _assignment = [];

    public GroupMember(IStreamingTransport transport, ConsumerConfig config, string topic)
    {
        var ready = new ManualResetEventSlim();
        Exception? startError = null;
        _thread = new Thread(() =>
        {
            IConsumer<string?, string?> consumer;
            try
            {
                consumer = new ConsumerBuilder<string?, string?>(transport, config)
                    .SetPartitionsAssignedHandler((c, p) => { Assigned.Enqueue(p); _assignment = [.. c.Assignment]; })
                    .SetPartitionsRevokedHandler((c, p) => { Revoked.Enqueue(p); _assignment = [.. c.Assignment.Except(p)]; })
                    .Build();
                consumer.Subscribe(topic);
            }
            catch (Exception ex)
            {
                startError = ex;
                ready.Set();
                return;
            }
            ready.Set();
            Run(consumer);
        }) { IsBackground = true, Name = "group-member" };
        _thread.Start();
        ready.Wait();
        if (startError is not null) throw new InvalidOperationException("the consumer failed to start", startError);
    }

    public ConcurrentQueue<ConsumeResult<string?, string?>> Received { get; } = new();

    public ConcurrentQueue<IReadOnlyList<TopicPartition>> Assigned { get; } = new();

    public ConcurrentQueue<IReadOnlyList<TopicPartition>> Revoked { get; } = new();

    public IReadOnlyList<TopicPartition> Assignment => _assignment;

    public Exception? Error { get; private set; }

    /// <summary>Runs <paramref name="action"/> on the consumer's thread and waits for it.</summary>
    public void Do(Action<IConsumer<string?, string?>> action)
    {
        using var done = new ManualResetEventSlim();
        Exception? error = null;
        _actions.Enqueue(c =>
        {
            try
            {
                action(c);
            }
            catch (Exception ex)
            {
                error = ex;
            }
            finally
            {
                done.Set();
            }
        });
        if (!done.Wait(Timeouts.Group)) throw new Xunit.Sdk.XunitException("the consumer thread did not run the action");
        if (error is not null) throw new InvalidOperationException("the action failed on the consumer thread", error);
    }

    private void Run(IConsumer<string?, string?> consumer)
    {
        try
        {
            while (!_stop)
            {
                while (_actions.TryDequeue(out var action)) action(consumer);
                var r = consumer.Consume(TimeSpan.FromMilliseconds(50));
                if (r is not null && !r.IsPartitionEOF) Received.Enqueue(r);
            }
        }
        catch (Exception ex)
        {
            Error = ex;
        }
        finally
        {
            consumer.Dispose();
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
