namespace Streaming;

/// <summary>A position in a partition.</summary>
public readonly record struct TopicPartitionOffset(string Topic, int Partition, Offset Offset)
{
    public TopicPartitionOffset(TopicPartition topicPartition, Offset offset) : this(topicPartition.Topic, topicPartition.Partition, offset) { }

    public TopicPartition TopicPartition => new(Topic, Partition);

    public override string ToString() => $"{Topic}[{Partition}]@{Offset}";
}
