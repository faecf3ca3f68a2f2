namespace Streaming;

/// <summary>Where a produced record was stored.</summary>
public class DeliveryResult<TKey, TValue>
{
    public required string Topic { get; init; }
    public required int Partition { get; init; }

    /// <summary>The record's offset, or <see cref="Offset.Unset"/> with acks=0.</summary>
    public required Offset Offset { get; init; }
    public required Message<TKey, TValue> Message { get; init; }
    public required PersistenceStatus Status { get; init; }

    public TopicPartition TopicPartition => new(Topic, Partition);
    public TopicPartitionOffset TopicPartitionOffset => new(Topic, Partition, Offset);
}
