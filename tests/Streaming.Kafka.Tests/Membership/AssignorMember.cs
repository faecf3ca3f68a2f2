using System.Collections.Concurrent;
using Streaming.Contract;
using Streaming.Kafka.Consumer;
using Streaming.Kafka.Membership;

namespace Streaming.Kafka.Tests.Membership;

/// <summary>
/// A group member with custom assignors, polling on its own thread (a group only settles while its members poll),
/// recording its rebalance events in order so a test can check what the handlers saw.
/// </summary>
internal sealed class AssignorMember : IDisposable
{
    private readonly Thread _thread;
    private readonly ConcurrentQueue<Action<IConsumer<string?, string?>>> _actions = new();
    private volatile bool _stop;
    private volatile TopicPartition[] _assignment = [];
    private IConsumer<string?, string?>? _consumer;

    public AssignorMember(IStreamingTransport transport, ConsumerConfig config, string topic, params IPartitionAssignor[] assignors)
    {
        var ready = new ManualResetEventSlim();
        Exception? startError = null;
        _thread = new Thread(() =>
        {
            try
            {
                var builder = new ConsumerBuilder<string?, string?>(transport, config)
                    .SetPartitionsAssignedHandler((c, p) => { Events.Enqueue($"assigned {Format(p)}"); _assignment = [.. c.Assignment]; })
                    .SetPartitionsRevokedHandler((c, p) => { Events.Enqueue($"revoked {Format(p)}"); _assignment = [.. c.Assignment.Except(p)]; })
                    .SetPartitionsLostHandler((c, p) => { Events.Enqueue($"lost {Format(p)}"); _assignment = [.. c.Assignment.Except(p)]; });
                foreach (var assignor in assignors) builder.AddPartitionAssignor(assignor);
                _consumer = builder.Build();
                _consumer.Subscribe(topic);
            }
            catch (Exception ex)
            {
                startError = ex;
                ready.Set();
                return;
            }
            ready.Set();
            Run(_consumer);
        }) { IsBackground = true, Name = "assignor-member" };
        _thread.Start();
        ready.Wait();
        if (startError is not null) throw new InvalidOperationException("the consumer failed to start", startError);
    }

    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<ConsumeResult<string?, string?>> Received { get; } = new();

    public IReadOnlyList<TopicPartition> Assignment => _assignment;

    public Exception? Error { get; private set; }

    /// <summary>The membership inside the consumer (for the heartbeat test hook).</summary>
    public GroupMembership Membership => ((KafkaConsumer<string?, string?>)_consumer!).Membership!;

    public static string Format(IEnumerable<TopicPartition> partitions) => "[" + string.Join(",", partitions.Select(p => p.Partition).Order()) + "]";

    /// <summary>Runs <paramref name="action"/> on the consumer's thread and waits for its result.</summary>
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
        while (!done.Wait(TimeSpan.FromMilliseconds(100)))
        {
            if (Error is not null) throw new InvalidOperationException($"the consumer thread stopped: {Error.Message}", Error);
            if (!_thread.IsAlive) throw new Xunit.Sdk.XunitException("the consumer thread is gone");
        }
        if (error is not null) throw new InvalidOperationException($"the action failed on the consumer thread: {error.Message}", error);
        return result;
    }

    public void Do(Action<IConsumer<string?, string?>> action) => Do(c =>
    {
        action(c);
        return true;
    });

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

    /// <summary>Waits for the member to own exactly <paramref name="count"/> partitions.</summary>
    public void WaitForAssignment(int count, string who)
    {
        Timeouts.Until(() => Assignment.Count == count || Error is not null, Timeouts.Group, $"{who} to own {count} partitions");
        Assert.Null(Error);
    }
}
