namespace Streaming.Streams;

/// <summary>One instance of the application as the last rebalance placed it: its <c>application.server</c>, stores and partitions.</summary>
/// <param name="Host">Its <c>application.server</c>.</param>
/// <param name="StateStoreNames">The stores its active tasks hold.</param>
/// <param name="TopicPartitions">The source partitions of its active tasks.</param>
/// <param name="StandbyStateStoreNames">The stores its standby tasks hold.</param>
/// <param name="StandbyTopicPartitions">The source partitions of its standby tasks.</param>
public sealed record StreamsMetadata(HostInfo Host, IReadOnlySet<string> StateStoreNames, IReadOnlyList<TopicPartition> TopicPartitions,
    IReadOnlySet<string> StandbyStateStoreNames, IReadOnlyList<TopicPartition> StandbyTopicPartitions);

/// <summary>Where a key of a store lives: the instance running its task, the instances with standby copies, and the partition.</summary>
public sealed record KeyQueryMetadata(HostInfo ActiveHost, IReadOnlyList<HostInfo> StandbyHosts, int Partition);
