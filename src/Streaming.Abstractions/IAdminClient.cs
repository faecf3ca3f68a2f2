namespace Streaming;

/// <summary>Manages topics: create, list, describe, delete, add partitions, read and change configs.</summary>
public interface IAdminClient : IClient
{
    /// <summary>Creates topics; fails with <see cref="TopicAlreadyExistsException"/>, <see cref="InvalidTopicException"/>, … on the first bad one.</summary>
    Task CreateTopicsAsync(IEnumerable<TopicSpecification> topics, CancellationToken cancellationToken = default);

    /// <summary>Deletes topics and their data.</summary>
    Task DeleteTopicsAsync(IEnumerable<string> topics, CancellationToken cancellationToken = default);

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
}
