namespace Streaming;

/// <summary>
/// Reads records from assigned partitions. Two ways to read: <see cref="Consume(TimeSpan)"/> gives one deserialized record
/// at a time (Confluent.Kafka's shape); <see cref="ConsumeBatch"/> hands out the fetched records as spans, without a
/// per-record allocation.
/// </summary>
public interface IConsumer<TKey, TValue> : IClient
{
    /// <summary>The partitions currently assigned.</summary>
    IReadOnlyList<TopicPartition> Assignment { get; }

    /// <summary>Replaces the assignment; each partition starts at its committed offset or <c>auto.offset.reset</c>.</summary>
    void Assign(IEnumerable<TopicPartition> partitions);

    /// <summary>Replaces the assignment, starting each partition at the given offset (a concrete or special one).</summary>
    void Assign(IEnumerable<TopicPartitionOffset> partitions);

    /// <summary>Removes every assigned partition.</summary>
    void Unassign();

    /// <summary>Waits up to <paramref name="timeout"/> for a record; null when none arrived.</summary>
    ConsumeResult<TKey, TValue>? Consume(TimeSpan timeout);

    /// <summary>Waits for a record until <paramref name="cancellationToken"/> is cancelled.</summary>
    ConsumeResult<TKey, TValue> Consume(CancellationToken cancellationToken);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for records and returns what one fetch brought, readable as spans until the
    /// next call on this consumer. Empty when nothing arrived.
    /// </summary>
    ConsumedRecords ConsumeBatch(TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Moves the position of an assigned partition.</summary>
    void Seek(TopicPartitionOffset position);

    /// <summary>The offset of the next record to be handed out for an assigned partition, or <see cref="Offset.Unset"/>.</summary>
    Offset Position(TopicPartition partition);

    /// <summary>Stops fetching from the partitions until resumed; positions are kept.</summary>
    void Pause(IEnumerable<TopicPartition> partitions);

    /// <summary>Resumes paused partitions.</summary>
    void Resume(IEnumerable<TopicPartition> partitions);

    /// <summary>The partitions paused now.</summary>
    IReadOnlyList<TopicPartition> Paused { get; }

    /// <summary>Asks the broker for a partition's log start and end offsets.</summary>
    WatermarkOffsets QueryWatermarkOffsets(TopicPartition partition, TimeSpan timeout);

    /// <summary>For each partition, the earliest offset whose timestamp is at or after the given one (<see cref="Offset.End"/> if none).</summary>
    IReadOnlyList<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestamps, TimeSpan timeout);

    /// <summary>Closes the consumer; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    void Close();
}
