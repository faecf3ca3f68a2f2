namespace Streaming;

/// <summary>Raise a topic's partition count to <see cref="IncreaseTo"/>.</summary>
public sealed class PartitionsSpecification
{
    public required string Topic { get; init; }
    public required int IncreaseTo { get; init; }
}
