namespace Streaming;

/// <summary>Manages topics: create, list, describe, delete, add partitions, read and change configs.</summary>
public interface IAdminClient : IClient
{
    /// <summary>Creates topics; fails with <see cref="TopicAlreadyExistsException"/>, <see cref="InvalidTopicException"/>, … on the first bad one.</summary>
    Task CreateTopicsAsync(IEnumerable<TopicSpecification> topics, CancellationToken cancellationToken = default);

    /// <summary>Deletes topics and their data.</summary>
    Task DeleteTopicsAsync(IEnumerable<string> topics, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes every record before the given offset of each partition (Kafka's DeleteRecords): its log start offset moves
    /// there, never back. <see cref="Offset.End"/> means up to the partition's end. Returns each partition's new log start.
    /// </summary>
    /// <exception cref="OffsetOutOfRangeException">An offset is negative (other than End) or past the partition's end.</exception>
    /// <exception cref="UnknownTopicOrPartitionException">A partition does not exist.</exception>
    Task<IReadOnlyList<TopicPartitionOffset>> DeleteRecordsAsync(IEnumerable<TopicPartitionOffset> beforeOffsets, CancellationToken cancellationToken = default);

    /// <summary>Raises partition counts; partitions are never removed.</summary>
    Task CreatePartitionsAsync(IEnumerable<PartitionsSpecification> partitions, CancellationToken cancellationToken = default);

    /// <summary>The names of all topics (internal ones only when asked).</summary>
    Task<IReadOnlyList<string>> ListTopicsAsync(bool includeInternal = false, CancellationToken cancellationToken = default);

    /// <summary>Describes topics; fails with <see cref="UnknownTopicOrPartitionException"/> for a missing one.</summary>
    Task<IReadOnlyList<TopicDescription>> DescribeTopicsAsync(IEnumerable<string> topics, CancellationToken cancellationToken = default);

    /// <summary>A topic's configs, defaults included.</summary>
    Task<IReadOnlyList<ConfigEntry>> DescribeTopicConfigsAsync(string topic, CancellationToken cancellationToken = default);

    /// <summary>Sets (value) or removes (null: back to the default) topic configs, leaving the others as they are.</summary>
    Task IncrementalAlterTopicConfigsAsync(string topic, IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken = default);

    /// <summary>Every consumer group the cluster knows (with members or with committed offsets).</summary>
    Task<IReadOnlyList<ConsumerGroupListing>> ListConsumerGroupsAsync(CancellationToken cancellationToken = default);

    /// <summary>A group's state, assignor and members with their assignments; <see cref="GroupIdNotFoundException"/> if unknown.</summary>
    Task<ConsumerGroupDescription> DescribeConsumerGroupAsync(string groupId, CancellationToken cancellationToken = default);

    /// <summary>A group's committed offsets, with each partition's end offset and the lag.</summary>
    Task<IReadOnlyList<GroupPartitionOffset>> ListConsumerGroupOffsetsAsync(string groupId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a group without active members and its offsets; <see cref="GroupNotEmptyException"/> otherwise.</summary>
    Task DeleteConsumerGroupAsync(string groupId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a group's committed offsets for <paramref name="partitions"/> (every partition it has offsets for when null)
    /// to <paramref name="spec"/>. Only for groups without active members (<see cref="GroupNotEmptyException"/> otherwise).
    /// With <paramref name="dryRun"/>, computes and returns the new offsets without committing them.
    /// </summary>
    Task<IReadOnlyList<TopicPartitionOffset>> ResetConsumerGroupOffsetsAsync(string groupId, IEnumerable<TopicPartition>? partitions, OffsetResetSpec spec,
        bool dryRun = false, CancellationToken cancellationToken = default);
}
