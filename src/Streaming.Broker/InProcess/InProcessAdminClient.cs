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

    public Task<IReadOnlyList<TopicPartitionOffset>> DeleteRecordsAsync(IEnumerable<TopicPartitionOffset> beforeOffsets, CancellationToken cancellationToken = default)
        => Run<IReadOnlyList<TopicPartitionOffset>>(() =>
        {
            ArgumentNullException.ThrowIfNull(beforeOffsets);
            var result = new List<TopicPartitionOffset>();
            foreach (var position in beforeOffsets)
            {
                var log = broker.Topics.GetPartition(position.TopicPartition);
                long before = position.Offset == Offset.End ? log.LogEndOffset : position.Offset.Value;
                result.Add(new TopicPartitionOffset(position.TopicPartition, new Offset(log.DeleteRecordsBefore(before))));
            }
            return result;
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

    public Task<IReadOnlyList<ConsumerGroupListing>> ListConsumerGroupsAsync(CancellationToken cancellationToken = default) => Run<IReadOnlyList<ConsumerGroupListing>>(() =>
        broker.Groups.Groups.Select(g =>
        {
            lock (g.Lock) return new ConsumerGroupListing(g.GroupId, g.State, g.ProtocolType ?? GroupProtocol.ProtocolType);
        }).OrderBy(g => g.GroupId, StringComparer.Ordinal).ToArray());

    public Task<ConsumerGroupDescription> DescribeConsumerGroupAsync(string groupId, CancellationToken cancellationToken = default) => Run(() =>
    {
        if (string.IsNullOrWhiteSpace(groupId)) throw new InvalidGroupIdException("a consumer group id must not be empty");
        if (!broker.Groups.TryGetGroup(groupId, out var g)) throw new GroupIdNotFoundException($"consumer group '{groupId}' does not exist");
        lock (g.Lock)
        {
            var members = g.Members.Values.Select(m => new MemberDescription(m.MemberId, m.InstanceId, m.ClientId, m.Host,
                m.Assignment.Length == 0 ? [] : GroupProtocol.DecodeAssignment(m.Assignment).Partitions)).OrderBy(m => m.MemberId, StringComparer.Ordinal).ToArray();
            return new ConsumerGroupDescription(g.GroupId, g.State, g.ProtocolType ?? GroupProtocol.ProtocolType, g.Protocol ?? "", g.Generation, g.LeaderId, members);
        }
    });

    public Task<IReadOnlyList<GroupPartitionOffset>> ListConsumerGroupOffsetsAsync(string groupId, CancellationToken cancellationToken = default) => Run<IReadOnlyList<GroupPartitionOffset>>(() =>
    {
        if (string.IsNullOrWhiteSpace(groupId)) throw new InvalidGroupIdException("a consumer group id must not be empty");
        if (!broker.Groups.TryGetGroup(groupId, out _)) throw new GroupIdNotFoundException($"consumer group '{groupId}' does not exist");
        return broker.Groups.Offsets.GetAll(groupId)
            .OrderBy(kv => kv.Key.Topic, StringComparer.Ordinal).ThenBy(kv => kv.Key.Partition)
            .Select(kv =>
            {
                long end = broker.Topics.TryGet(kv.Key.Topic, out var t) && kv.Key.Partition < t.Partitions.Length ? t.Partitions[kv.Key.Partition].LogEndOffset : -1;
                return new GroupPartitionOffset(kv.Key, kv.Value.Offset, end < 0 ? Offset.Unset : new Offset(end), end < 0 ? 0 : Math.Max(0, end - kv.Value.Offset), kv.Value.Metadata);
            }).ToArray();
    });

    public Task DeleteConsumerGroupAsync(string groupId, CancellationToken cancellationToken = default)
    {
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            broker.ThrowIfDisposed();
            return broker.Groups.DeleteGroupAsync(groupId);
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    public async Task<IReadOnlyList<TopicPartitionOffset>> ResetConsumerGroupOffsetsAsync(string groupId, IEnumerable<TopicPartition>? partitions, OffsetResetSpec spec,
        bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        broker.ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(groupId)) throw new InvalidGroupIdException("a consumer group id must not be empty");
        if (broker.Groups.IsActive(groupId))
            throw new GroupNotEmptyException($"consumer group '{groupId}' has active members: stop them before resetting its offsets");
        var targets = (partitions ?? broker.Groups.Offsets.GetAll(groupId).Keys).Distinct().ToArray();
        if (targets.Length == 0) throw new GroupIdNotFoundException($"consumer group '{groupId}' has no committed offsets; name the partitions to reset");
        var result = new List<TopicPartitionOffset>();
        foreach (var tp in targets)
        {
            var log = broker.Topics.GetPartition(tp);
            long start = log.LogStartOffset, end = log.LogEndOffset;
            long offset = spec.Kind switch
            {
                "earliest" => start,
                "latest" => end,
                "timestamp" => log.OffsetForTimestamp(spec.Value) ?? end,
                _ => Math.Clamp(spec.Value, start, end),
            };
            result.Add(new TopicPartitionOffset(tp, offset));
        }
        if (!dryRun)
            await broker.Groups.CommitOffsetsAsync(groupId, -1, "", null, result.Select(r => (r.TopicPartition, r.Offset.Value, (string?)null)).ToArray()).ConfigureAwait(false);
        return result;
    }

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
