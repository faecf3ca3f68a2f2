namespace Streaming.Streams;

/// <summary>
/// Chooses the partition of a record a sink writes to <paramref name="topic"/>, which has <paramref name="partitionCount"/>
/// partitions (Kafka's <c>StreamPartitioner</c>); null means the default: murmur2 of the serialized key, as the producer.
/// </summary>
public delegate int? StreamPartitioner<in TKey, in TValue>(string topic, TKey key, TValue value, int partitionCount);
