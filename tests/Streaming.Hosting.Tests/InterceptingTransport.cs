using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streaming.Broker;

namespace Streaming.Hosting.Tests;

/// <summary>
/// The embedded broker behind a wrapper that lets a test intercept the group members' polls (to block or fail them);
/// admin clients, producers and consumers without a group go straight through.
/// </summary>
public sealed class InterceptingTransport(IStreamingTransport inner) : IStreamingTransport, IDisposable
{
    /// <summary>Runs before each <c>Consume(TimeSpan)</c> of a consumer with a <c>group.id</c>; may block or throw.</summary>
    public Action? BeforeConsume { get; set; }

    public string Name => inner.Name;

    /// <summary>Replaces the host's transport with an intercepting embedded broker on <paramref name="dataDirectory"/>.</summary>
    public static InterceptingTransport Register(IServiceCollection services, string dataDirectory)
    {
        var transport = new InterceptingTransport(EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = dataDirectory, GroupInitialRebalanceDelay = TimeSpan.Zero }));
        services.Replace(ServiceDescriptor.Singleton<IStreamingTransport>(_ => transport)); // a factory: the host disposes it
        return transport;
    }

    public IProducer<TKey, TValue> CreateProducer<TKey, TValue>(ProducerConfig config, ISerializer<TKey> keySerializer, ISerializer<TValue> valueSerializer)
        => inner.CreateProducer(config, keySerializer, valueSerializer);

    public IConsumer<TKey, TValue> CreateConsumer<TKey, TValue>(ConsumerSetup<TKey, TValue> setup)
    {
        var consumer = inner.CreateConsumer(setup);
        return setup.Config.GroupId is null ? consumer : new InterceptedConsumer<TKey, TValue>(consumer, this);
    }

    public IAdminClient CreateAdminClient(AdminClientConfig config) => inner.CreateAdminClient(config);

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private sealed class InterceptedConsumer<TKey, TValue>(IConsumer<TKey, TValue> inner, InterceptingTransport owner) : IConsumer<TKey, TValue>
    {
        public string Name => inner.Name;
        public IReadOnlyList<TopicPartition> Assignment => inner.Assignment;
        public IReadOnlyList<TopicPartition> Paused => inner.Paused;
        public string? MemberId => inner.MemberId;
        public ConsumerGroupMetadata? ConsumerGroupMetadata => inner.ConsumerGroupMetadata;
        public IReadOnlyList<string> Subscription => inner.Subscription;

        public ConsumeResult<TKey, TValue>? Consume(TimeSpan timeout)
        {
            owner.BeforeConsume?.Invoke();
            return inner.Consume(timeout);
        }

        public ConsumeResult<TKey, TValue> Consume(CancellationToken cancellationToken) => inner.Consume(cancellationToken);
        public ConsumedRecords ConsumeBatch(TimeSpan timeout, CancellationToken cancellationToken = default) => inner.ConsumeBatch(timeout, cancellationToken);
        public void Assign(IEnumerable<TopicPartition> partitions) => inner.Assign(partitions);
        public void Assign(IEnumerable<TopicPartitionOffset> partitions) => inner.Assign(partitions);
        public void Unassign() => inner.Unassign();
        public void Seek(TopicPartitionOffset position) => inner.Seek(position);
        public Offset Position(TopicPartition partition) => inner.Position(partition);
        public void Pause(IEnumerable<TopicPartition> partitions) => inner.Pause(partitions);
        public void Resume(IEnumerable<TopicPartition> partitions) => inner.Resume(partitions);
        public WatermarkOffsets QueryWatermarkOffsets(TopicPartition partition, TimeSpan timeout) => inner.QueryWatermarkOffsets(partition, timeout);
        public IReadOnlyList<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestamps, TimeSpan timeout) => inner.OffsetsForTimes(timestamps, timeout);
        public void Subscribe(IEnumerable<string> topics) => inner.Subscribe(topics);
        public void Subscribe(string topicOrPattern) => inner.Subscribe(topicOrPattern);
        public void Unsubscribe() => inner.Unsubscribe();
        public IReadOnlyList<TopicPartitionOffset> Commit() => inner.Commit();
        public void Commit(IEnumerable<TopicPartitionOffset> offsets) => inner.Commit(offsets);
        public Task<IReadOnlyList<TopicPartitionOffset>> CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);
        public Task CommitAsync(IEnumerable<TopicPartitionOffset> offsets, CancellationToken cancellationToken = default) => inner.CommitAsync(offsets, cancellationToken);
        public void StoreOffset(ConsumeResult<TKey, TValue> result) => inner.StoreOffset(result);
        public void StoreOffset(TopicPartitionOffset offset) => inner.StoreOffset(offset);
        public IReadOnlyList<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout) => inner.Committed(partitions, timeout);
        public void Close() => inner.Close();
        public void Dispose() => inner.Dispose();
    }
}
