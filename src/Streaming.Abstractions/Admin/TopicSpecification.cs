namespace Streaming;

/// <summary>A topic to create.</summary>
public sealed class TopicSpecification
{
    public required string Name { get; init; }

    /// <summary>Partitions; <value>1</value> by default.</summary>
    public int NumPartitions { get; init; } = 1;

    /// <summary>Replicas per partition; a single broker has 1.</summary>
    public short ReplicationFactor { get; init; } = 1;

    /// <summary>Topic configs with Kafka's names (<c>retention.ms</c>, <c>cleanup.policy</c>, …).</summary>
    public IReadOnlyDictionary<string, string>? Configs { get; init; }
}
