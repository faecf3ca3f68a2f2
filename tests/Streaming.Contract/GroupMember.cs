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

    /// <param name="transport">The transport the consumer runs on.</param>
    /// <param name="config">The consumer's settings (a <c>group.id</c>).</param>
    /// <param name="topic">The topic it subscribes to.</param>
    /// <param name="assignors">Custom assignors to plug in (name them in <c>partition.assignment.strategy</c>).</param>
    public GroupMember(IStreamingTransport transport, ConsumerConfig config, string topic, params IPartitionAssignor[] assignors)
    {
        var ready = new ManualResetEventSlim();
        Exception? startError = null;
        _thread = new Thread(() =>
        {
            IConsumer<string?, string?> consumer;
            try
            {
                var builder = new ConsumerBuilder<string?, string?>(transport, config)
                    .SetPartitionsAssignedHandler((c, p) => { Assigned.Enqueue(p); Events.Enqueue($"assigned {Format(p)}"); _assignment = [.. c.Assignment]; })
                    .SetPartitionsRevokedHandler((c, p) => { Revoked.Enqueue(p); Events.Enqueue($"revoked {Format(p)}"); _assignment = [.. c.Assignment.Except(p)]; });
                if (assignors.Length > 0)
                    builder.SetPartitionsLostHandler((c, p) => { Events.Enqueue($"lost {Format(p)}"); _assignment = [.. c.Assignment.Except(p)]; });
                foreach (var assignor in assignors) builder.AddPartitionAssignor(assignor);
                consumer = builder.Build();
                consumer.Subscribe(topic);
                Consumer = consumer;
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

    /// <summary>The rebalance events in order: "assigned [0,1]", "revoked [0]", "lost [1]" (partitions sorted).</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    public IReadOnlyList<TopicPartition> Assignment => _assignment;

    public Exception? Error { get; private set; }

    /// <summary>The consumer (touch it only through <see cref="Do"/>, or for what is safe from another thread).</summary>
    public IConsumer<string?, string?>? Consumer { get; private set; }

    public static string Format(IEnumerable<TopicPartition> partitions) => "[" + string.Join(",", partitions.Select(p => p.Partition).Order()) + "]";

    /// <summary>Runs <paramref name="action"/> on the consumer's thread and waits for it.</summary>
    public void Do(Action<IConsumer<string?, string?>> action) => Do(c =>
    {
        action(c);
        return true;
    });

    /// <summary>Runs <paramref name="action"/> on the consumer's thread and waits for its result (for as long as the thread lives).</summary>
    public T Do<T>(Func<IConsumer<string?, string?>, T> action)
    {
        using var done = new ManualResetEventSlim();
        T result = default!;
        Exception? error = null;
        _actions.Enqueue(c =>
        {
            try
            {
                result = action(c);
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
        var deadline = DateTime.UtcNow + Timeouts.Group + Timeouts.Group;
        while (!done.Wait(TimeSpan.FromMilliseconds(100)))
        {
            if (Error is not null) throw new InvalidOperationException($"the consumer thread stopped: {Error.Message}", Error);
            if (!_thread.IsAlive) throw new Xunit.Sdk.XunitException("the consumer thread is gone");
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException("the consumer thread did not run the action");
        }
        if (error is not null) throw new InvalidOperationException($"the action failed on the consumer thread: {error.Message}", error);
        return result;
    }

    /// <summary>Waits for the member to own exactly <paramref name="count"/> partitions.</summary>
    public void WaitForAssignment(int count, string who)
    {
        Timeouts.Until(() => Assignment.Count == count || Error is not null, Timeouts.Group, $"{who} to own {count} partitions");
        Assert.Null(Error);
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
