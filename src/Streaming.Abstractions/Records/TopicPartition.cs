namespace Streaming;

/// <summary>A topic name and a partition number.</summary>
public readonly record struct TopicPartition(string Topic, int Partition)
{
    public override string ToString() => $"{Topic}[{Partition}]";
}
