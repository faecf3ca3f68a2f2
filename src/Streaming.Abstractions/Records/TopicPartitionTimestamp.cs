namespace Streaming;

/// <summary>A partition and a timestamp, for looking up the first offset at or after that time.</summary>
public readonly record struct TopicPartitionTimestamp(string Topic, int Partition, Timestamp Timestamp)
{
    public TopicPartition TopicPartition => new(Topic, Partition);
}
