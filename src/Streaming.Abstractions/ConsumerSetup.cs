namespace Streaming;

/// <summary>Everything a transport needs to build a consumer: configuration, deserializers, rebalance handlers, custom assignors.</summary>
public sealed class ConsumerSetup<TKey, TValue>
{
    public required ConsumerConfig Config { get; init; }
    public required IDeserializer<TKey> KeyDeserializer { get; init; }
    public required IDeserializer<TValue> ValueDeserializer { get; init; }

    /// <summary>Called inside Consume when partitions are assigned (for cooperative assignors: only the added ones).</summary>
    public Action<IConsumer<TKey, TValue>, IReadOnlyList<TopicPartition>>? PartitionsAssigned { get; init; }

    /// <summary>Called inside Consume before partitions are taken away in a rebalance (offsets can still be committed).</summary>
    public Action<IConsumer<TKey, TValue>, IReadOnlyList<TopicPartition>>? PartitionsRevoked { get; init; }

    /// <summary>Called when partitions were lost without a chance to commit (the member was evicted); defaults to the revoked handler's absence.</summary>
    public Action<IConsumer<TKey, TValue>, IReadOnlyList<TopicPartition>>? PartitionsLost { get; init; }

    /// <summary>Assignors beyond the built-in ones, usable by name in <c>partition.assignment.strategy</c>.</summary>
    public IReadOnlyList<IPartitionAssignor> Assignors { get; init; } = [];
}
