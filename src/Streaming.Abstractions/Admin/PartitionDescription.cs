namespace Streaming;

/// <summary>One partition of a topic, with its log start and end offsets.</summary>
public sealed class PartitionDescription
{
    public required int Partition { get; init; }

    /// <summary>The broker that leads the partition.</summary>
    public int Leader { get; init; }
    public Offset LogStartOffset { get; init; } = Offset.Unset;
    public Offset LogEndOffset { get; init; } = Offset.Unset;
}
