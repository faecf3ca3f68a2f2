namespace Streaming.Streams;

/// <summary>One node in a <see cref="TopologyDescription"/>.</summary>
/// <param name="Name">The processor name.</param>
/// <param name="Kind">"Source", "Processor" or "Sink".</param>
/// <param name="Topics">The topics of a source; the topic of a sink (empty when a topic chooser picks per record).</param>
/// <param name="Stores">The stores a processor is connected to.</param>
/// <param name="Predecessors">The parents' names.</param>
/// <param name="Successors">The children's names.</param>
public sealed record NodeDescription(string Name, string Kind, IReadOnlyList<string> Topics, IReadOnlyList<string> Stores,
    IReadOnlyList<string> Predecessors, IReadOnlyList<string> Successors);
