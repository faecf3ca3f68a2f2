namespace Streaming;

/// <summary>A group's committed offset for a partition, the partition's end offset and the lag between them.</summary>
public sealed record GroupPartitionOffset(TopicPartition TopicPartition, Offset Committed, Offset LogEndOffset, long Lag, string? Metadata);
