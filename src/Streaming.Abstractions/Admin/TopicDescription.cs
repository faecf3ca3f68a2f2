namespace Streaming;

/// <summary>A topic as the cluster sees it.</summary>
public sealed class TopicDescription
{
    public required string Name { get; init; }
    public required Guid TopicId { get; init; }
    public required IReadOnlyList<PartitionDescription> Partitions { get; init; }

    /// <summary>True for the framework's internal topics (<c>__consumer_offsets</c>, …).</summary>
    public bool IsInternal { get; init; }
}
