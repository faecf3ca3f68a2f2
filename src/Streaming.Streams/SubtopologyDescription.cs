namespace Streaming.Streams;

/// <summary>A connected part of a topology, run as its own tasks (one per input partition); a global one feeds a global store and makes no tasks.</summary>
public sealed record SubtopologyDescription(int Id, IReadOnlyList<NodeDescription> Nodes, bool IsGlobal = false);
