namespace Streaming.Protocol.Groups;

/// <summary>A topic and some of its partition numbers, as the consumer protocol lists owned or assigned partitions.</summary>
/// <param name="Topic">The topic name.</param>
/// <param name="Partitions">The partition numbers, in the order they are written.</param>
public sealed record ConsumerTopicPartitions(string Topic, IReadOnlyList<int> Partitions);
