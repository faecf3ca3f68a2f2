namespace Streaming;

/// <summary>A consumed record with where it came from.</summary>
public sealed class ConsumeResult<TKey, TValue>
{
    public required string Topic { get; init; }
    public required int Partition { get; init; }
    public required Offset Offset { get; init; }
    public required Message<TKey, TValue> Message { get; init; }

    /// <summary>True for the end-of-partition event (<c>enable.partition.eof</c>); then <see cref="Message"/> is empty.</summary>
    public bool IsPartitionEOF { get; init; }

    public TopicPartition TopicPartition => new(Topic, Partition);
    public TopicPartitionOffset TopicPartitionOffset => new(Topic, Partition, Offset);
}
