namespace Streaming.Streams.Internal;

/// <summary>Implemented by a record collector that knows how many partitions its topics have (for <see cref="StreamPartitioner{TKey, TValue}"/>).</summary>
internal interface ITopicPartitionCounts
{
    /// <summary>The number of partitions of <paramref name="topic"/>.</summary>
    int PartitionCount(string topic);
}
