namespace Streaming.Streams;

/// <summary>A connected part of a topology, run as its own tasks (one per input partition).</summary>
public sealed record SubtopologyDescription(int Id, IReadOnlyList<NodeDescription> Nodes);
