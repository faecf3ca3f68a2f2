using Streaming.Broker.Topics;

namespace Streaming.Broker.InProcess;

/// <summary>The in-process admin client: topic operations straight on the broker's topic manager.</summary>
internal sealed class InProcessAdminClient(EmbeddedBroker broker, AdminClientConfig config) : IAdminClient
{
    private static int _clientCounter;
    private bool _disposed;

    public string Name { get; } = config?.ClientId ?? $"admin-{Interlocked.Increment(ref _clientCounter)}";

    public Task CreateTopicsAsync(IEnumerable<TopicSpecification> topics, CancellationToken cancellationToken = default) => Run(() =>
    {
        ArgumentNullException.ThrowIfNull(topics);
        foreach (var spec in topics)
        {
            ArgumentNullException.ThrowIfNull(spec);
            if (spec.ReplicationFactor is not (1 or -1))
                throw new InvalidReplicationFactorException($"topic '{spec.Name}': replication factor {spec.ReplicationFactor} is not possible on the embedded broker, which is one node; use 1, or the Kafka transport for a replicated cluster");
            broker.Topics.Create(spec.Name, spec.NumPartitions, spec.Configs);
        }
    });

    public Task DeleteTopicsAsync(IEnumerable<string> topics, CancellationToken cancellationToken = default) => Run(() =>
    {
        ArgumentNullException.ThrowIfNull(topics);
        foreach (var topic in topics) broker.Topics.Delete(topic);
    });

    public Task CreatePartitionsAsync(IEnumerable<PartitionsSpecification> partitions, CancellationToken cancellationToken = default) => Run(() =>
    {
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (var spec in partitions) broker.Topics.AddPartitions(spec.Topic, spec.IncreaseTo);
    });

    public Task<IReadOnlyList<string>> ListTopicsAsync(bool includeInternal = false, CancellationToken cancellationToken = default) => Run<IReadOnlyList<string>>(() =>
        broker.Topics.All.Select(t => t.Name).Where(n => includeInternal || !TopicNames.IsInternal(n)).Order(StringComparer.Ordinal).ToArray());

    public Task<IReadOnlyList<TopicDescription>> DescribeTopicsAsync(IEnumerable<string> topics, CancellationToken cancellationToken = default) => Run<IReadOnlyList<TopicDescription>>(() =>
    {
        ArgumentNullException.ThrowIfNull(topics);
        return topics.Select(name =>
        {
            var topic = broker.Topics.Get(name);
            return new TopicDescription
            {
                Name = topic.Name,
                TopicId = topic.Id,
                IsInternal = TopicNames.IsInternal(topic.Name),
                Partitions = topic.Partitions.Select((log, i) => new PartitionDescription
                {
                    Partition = i,
                    Leader = 0,
                    LogStartOffset = log.LogStartOffset,
                    LogEndOffset = log.LogEndOffset,
                }).ToArray(),
            };
        }).ToArray();
    });

    public Task<IReadOnlyList<ConfigEntry>> DescribeTopicConfigsAsync(string topic, CancellationToken cancellationToken = default)
        => Run<IReadOnlyList<ConfigEntry>>(() => broker.Topics.DescribeConfigs(topic).ToArray());

    public Task IncrementalAlterTopicConfigsAsync(string topic, IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken = default) => Run(() =>
    {
        ArgumentNullException.ThrowIfNull(changes);
        broker.Topics.AlterConfigs(topic, changes);
    });

    private Task Run(Action action)
    {
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            broker.ThrowIfDisposed();
            action();
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    private Task<T> Run<T>(Func<T> func)
    {
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            broker.ThrowIfDisposed();
            return Task.FromResult(func());
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    public void Dispose() => _disposed = true;
}
