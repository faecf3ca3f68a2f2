using Streaming.Kafka.Configuration;
using Streaming.Kafka.Errors;
using Streaming.Kafka.Internal;
using CK = Confluent.Kafka;
using CKA = Confluent.Kafka.Admin;

namespace Streaming.Kafka.Admin;

/// <summary>The admin client over Confluent.Kafka's: topics and configs (this part), consumer groups (the other).</summary>
internal sealed partial class KafkaAdminClient : IAdminClient
{
    private readonly CK.IAdminClient _admin;
    private bool _disposed;

    public KafkaAdminClient(KafkaTransportOptions options, AdminClientConfig config)
    {
        var librdkafka = KafkaConfigMapper.ToAdmin(options, config);
        Name = librdkafka["client.id"];
        _admin = ConfluentClients.Build(() => new CK.AdminClientBuilder(librdkafka)
            .SetLogHandler((_, message) => ConfluentClients.Log(message))
            .SetErrorHandler((_, error) => ConfluentClients.Error(error))
            .Build(), $"admin client '{Name}'");
    }

    public string Name { get; }

    public Task CreateTopicsAsync(IEnumerable<TopicSpecification> topics, CancellationToken cancellationToken = default) => Run(async () =>
    {
        ArgumentNullException.ThrowIfNull(topics);
        var specs = topics.Select(t => new CKA.TopicSpecification
        {
            Name = t.Name,
            NumPartitions = t.NumPartitions,
            ReplicationFactor = t.ReplicationFactor,
            Configs = t.Configs?.ToDictionary(kv => kv.Key, kv => kv.Value),
        }).ToList();
        if (specs.Count == 0) return;
        try
        {
            await _admin.CreateTopicsAsync(specs).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CKA.CreateTopicsException ex)
        {
            var failed = ex.Results.First(r => r.Error.IsError);
            throw KafkaErrorMapper.Map(failed.Error, $"creating topic '{failed.Topic}' failed", ex);
        }
    });

    public Task DeleteTopicsAsync(IEnumerable<string> topics, CancellationToken cancellationToken = default) => Run(async () =>
    {
        ArgumentNullException.ThrowIfNull(topics);
        var list = topics.ToList();
        if (list.Count == 0) return;
        try
        {
            await _admin.DeleteTopicsAsync(list).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CKA.DeleteTopicsException ex)
        {
            var failed = ex.Results.First(r => r.Error.IsError);
            throw KafkaErrorMapper.Map(failed.Error, $"deleting topic '{failed.Topic}' failed", ex);
        }
    });

    public Task<IReadOnlyList<TopicPartitionOffset>> DeleteRecordsAsync(IEnumerable<TopicPartitionOffset> beforeOffsets, CancellationToken cancellationToken = default)
        => Run<IReadOnlyList<TopicPartitionOffset>>(async () =>
        {
            ArgumentNullException.ThrowIfNull(beforeOffsets);
            var list = beforeOffsets.Select(o => new CK.TopicPartitionOffset(o.TopicPartition.Topic, o.TopicPartition.Partition, new CK.Offset(o.Offset.Value))).ToList();
            if (list.Count == 0) return [];
            try
            {
                var results = await _admin.DeleteRecordsAsync(list).WaitAsync(cancellationToken).ConfigureAwait(false);
                return [.. results.Select(r => new TopicPartitionOffset(r.Topic, r.Partition, new Offset(r.Offset.Value)))];
            }
            catch (CKA.DeleteRecordsException ex)
            {
                var failed = ex.Results.First(r => r.Error.IsError);
                throw KafkaErrorMapper.Map(failed.Error, $"deleting the records of {failed.Topic}[{failed.Partition.Value}] failed", ex);
            }
        });

    public Task CreatePartitionsAsync(IEnumerable<PartitionsSpecification> partitions, CancellationToken cancellationToken = default) => Run(async () =>
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var list = partitions.Select(p => new CKA.PartitionsSpecification { Topic = p.Topic, IncreaseTo = p.IncreaseTo }).ToList();
        if (list.Count == 0) return;
        try
        {
            await _admin.CreatePartitionsAsync(list).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CKA.CreatePartitionsException ex)
        {
            var failed = ex.Results.First(r => r.Error.IsError);
            throw KafkaErrorMapper.Map(failed.Error, $"adding partitions to topic '{failed.Topic}' failed", ex);
        }
    });

    public Task<IReadOnlyList<string>> ListTopicsAsync(bool includeInternal = false, CancellationToken cancellationToken = default) => Run<IReadOnlyList<string>>(() =>
    {
        // Metadata is a blocking call in Confluent.Kafka: run it off the caller's thread.
        return Task.Run<IReadOnlyList<string>>(() => _admin.GetMetadata(TimeSpan.FromSeconds(30)).Topics
            .Where(t => !t.Error.IsError && (includeInternal || !t.Topic.StartsWith("__", StringComparison.Ordinal)))
            .Select(t => t.Topic).Order(StringComparer.Ordinal).ToArray(), cancellationToken);
    });

    public Task<IReadOnlyList<TopicDescription>> DescribeTopicsAsync(IEnumerable<string> topics, CancellationToken cancellationToken = default) => Run<IReadOnlyList<TopicDescription>>(async () =>
    {
        ArgumentNullException.ThrowIfNull(topics);
        var names = topics.ToList();
        if (names.Count == 0) return [];
        CKA.DescribeTopicsResult described;
        try
        {
            described = await CK.IAdminClientExtensions.DescribeTopicsAsync(_admin, CK.TopicCollection.OfTopicNames(names), null).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CKA.DescribeTopicsException ex)
        {
            var failed = ex.Results.TopicDescriptions.First(t => t.Error.IsError);
            throw KafkaErrorMapper.Map(failed.Error, $"describing topic '{failed.Name}' failed", ex);
        }
        var partitions = described.TopicDescriptions.SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Name, p.Partition))).ToList();
        var start = await ListOffsets(partitions, CKA.OffsetSpec.Earliest(), cancellationToken).ConfigureAwait(false);
        var end = await ListOffsets(partitions, CKA.OffsetSpec.Latest(), cancellationToken).ConfigureAwait(false);
        return described.TopicDescriptions.Select(t => new TopicDescription
        {
            Name = t.Name,
            TopicId = ToGuid(t.TopicId),
            IsInternal = t.IsInternal,
            Partitions = t.Partitions.OrderBy(p => p.Partition).Select(p => new PartitionDescription
            {
                Partition = p.Partition,
                Leader = p.Leader?.Id ?? -1,
                LogStartOffset = start.GetValueOrDefault(new TopicPartition(t.Name, p.Partition), Offset.Unset),
                LogEndOffset = end.GetValueOrDefault(new TopicPartition(t.Name, p.Partition), Offset.Unset),
            }).ToArray(),
        }).ToArray();
    });

    public Task<IReadOnlyList<ConfigEntry>> DescribeTopicConfigsAsync(string topic, CancellationToken cancellationToken = default) => Run<IReadOnlyList<ConfigEntry>>(async () =>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        try
        {
            var results = await _admin.DescribeConfigsAsync([new CKA.ConfigResource { Type = CKA.ResourceType.Topic, Name = topic }])
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            return results[0].Entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal).Select(e => new ConfigEntry(e.Name, e.Value ?? "", e.IsDefault)).ToArray();
        }
        catch (CKA.DescribeConfigsException ex)
        {
            throw KafkaErrorMapper.Map(ex.Results.First(r => r.Error.IsError).Error, $"describing the configs of topic '{topic}' failed", ex);
        }
    });

    public Task IncrementalAlterTopicConfigsAsync(string topic, IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken = default) => Run(async () =>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0) return;
        var entries = changes.Select(kv => new CKA.ConfigEntry
        {
            Name = kv.Key,
            Value = kv.Value ?? "",
            IncrementalOperation = kv.Value is null ? CKA.AlterConfigOpType.Delete : CKA.AlterConfigOpType.Set,
        }).ToList();
        try
        {
            await _admin.IncrementalAlterConfigsAsync(new Dictionary<CKA.ConfigResource, List<CKA.ConfigEntry>>
            {
                [new CKA.ConfigResource { Type = CKA.ResourceType.Topic, Name = topic }] = entries,
            }).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CKA.IncrementalAlterConfigsException ex)
        {
            throw KafkaErrorMapper.Map(ex.Results.First(r => r.Error.IsError).Error, $"changing the configs of topic '{topic}' failed", ex);
        }
    });

    /// <summary>The offsets of <paramref name="partitions"/> at <paramref name="spec"/> (earliest, latest or a timestamp).</summary>
    private async Task<Dictionary<TopicPartition, Offset>> ListOffsets(IReadOnlyCollection<TopicPartition> partitions, CKA.OffsetSpec spec, CancellationToken cancellationToken)
    {
        var result = new Dictionary<TopicPartition, Offset>();
        if (partitions.Count == 0) return result;
        try
        {
            var listed = await CK.IAdminClientExtensions.ListOffsetsAsync(_admin, partitions.Select(p => new CKA.TopicPartitionOffsetSpec { TopicPartition = p.ToConfluent(), OffsetSpec = spec }), null)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var info in listed.ResultInfos)
                result[info.TopicPartitionOffsetError.TopicPartition.ToStreaming()] = new Offset(info.TopicPartitionOffsetError.Offset.Value);
        }
        catch (CKA.ListOffsetsException ex)
        {
            var failed = ex.Result.ResultInfos.First(r => r.TopicPartitionOffsetError.Error.IsError).TopicPartitionOffsetError;
            throw KafkaErrorMapper.Map(failed.Error, $"listing the offsets of {failed.TopicPartition.ToStreaming()} failed", ex);
        }
        return result;
    }

    private static Guid ToGuid(CK.Uuid? id)
    {
        if (id is null) return Guid.Empty;
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, id.MostSignificantBits);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes[8..], id.LeastSignificantBits);
        return new Guid(bytes, bigEndian: true);
    }

    private Task Run(Func<Task> action)
    {
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Map(action());
        }
        catch (Exception ex)
        {
            return Task.FromException(KafkaErrorMapper.Map(ex, $"admin client {Name}"));
        }
    }

    private Task<T> Run<T>(Func<Task<T>> func)
    {
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Map(func());
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(KafkaErrorMapper.Map(ex, $"admin client {Name}"));
        }
    }

    private async Task Map(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (CK.KafkaException ex)
        {
            throw KafkaErrorMapper.Map(ex.Error, $"admin client {Name}", ex);
        }
    }

    private async Task<T> Map<T>(Task<T> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (CK.KafkaException ex)
        {
            throw KafkaErrorMapper.Map(ex.Error, $"admin client {Name}", ex);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _admin.Dispose();
    }
}
