namespace Streaming;

/// <summary>How a producer spreads records without a key (<c>partitioner.class</c>); keyed records always use murmur2.</summary>
public enum Partitioner
{
    /// <summary>Kafka's sticky partitioner: a batch fills one partition, then the next is chosen.</summary>
    Sticky = 0,

    /// <summary>Each keyless record goes to the next partition in turn (Kafka's <c>RoundRobinPartitioner</c>).</summary>
    RoundRobin = 1,
}
