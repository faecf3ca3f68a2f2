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

    /// <summary>This member's id in its consumer group, or null before it has joined one.</summary>
    string? MemberId { get; }

    /// <summary>
    /// The consumer's group membership (group id, generation, member id) for a transactional producer's
    /// SendOffsetsToTransaction; null without a <c>group.id</c>.
    /// </summary>
    ConsumerGroupMetadata? ConsumerGroupMetadata { get; }

    /// <summary>The topics (or the one pattern) subscribed to.</summary>
    IReadOnlyList<string> Subscription { get; }

    /// <summary>
    /// Joins the consumer's group (<c>group.id</c>) for these topics: the group shares their partitions among its
    /// members, and the assignment arrives during the following <c>Consume</c> calls.
    /// </summary>
    void Subscribe(IEnumerable<string> topics);

    /// <summary>Subscribes to one topic, or, when it starts with '^', to every topic matching that regular expression.</summary>
    void Subscribe(string topicOrPattern);

    /// <summary>Leaves the group's subscription (commits first when auto-commit is on) and drops the assignment.</summary>
    void Unsubscribe();

    /// <summary>Commits the current position of every assigned partition (what was handed out so far) and waits for it.</summary>
    /// <returns>The offsets committed.</returns>
    IReadOnlyList<TopicPartitionOffset> Commit();

    /// <summary>Commits the given offsets (the next offset to read, as in Kafka) and waits for it.</summary>
    void Commit(IEnumerable<TopicPartitionOffset> offsets);

    /// <summary>Commits the current positions without blocking the caller.</summary>
    Task<IReadOnlyList<TopicPartitionOffset>> CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Commits the given offsets without blocking the caller.</summary>
    Task CommitAsync(IEnumerable<TopicPartitionOffset> offsets, CancellationToken cancellationToken = default);

    /// <summary>Marks a record processed: auto-commit will commit the offset after it (<c>enable.auto.offset.store=false</c> needs this).</summary>
    void StoreOffset(ConsumeResult<TKey, TValue> result);

    /// <summary>Stores an offset (the next one to read) for auto-commit.</summary>
    void StoreOffset(TopicPartitionOffset offset);

    /// <summary>The group's committed offsets for the partitions (<see cref="Offset.Unset"/> where none).</summary>
    IReadOnlyList<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout);

    /// <summary>Commits (when auto-commit is on), leaves the group and closes; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    void Close();
}
