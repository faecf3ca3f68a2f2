namespace Streaming.Streams.Internal;

/// <summary>One node of a topology as declared: its links, its types (checked when the topology is built) and a factory of runtime nodes.</summary>
internal sealed class NodeDefinition
{
    public required string Name { get; init; }

    public required NodeKind Kind { get; init; }

    public required int Index { get; init; }

    /// <summary>The types a node receives (null for sources).</summary>
    public (Type Key, Type Value)? Input { get; init; }

    /// <summary>The types a node forwards (null for sinks).</summary>
    public (Type Key, Type Value)? Output { get; init; }

    public List<string> Parents { get; init; } = [];

    public List<string> Stores { get; init; } = [];

    /// <summary>Topics a source reads.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>The fixed topic of a sink, or null when a <see cref="TopicNameExtractor{TKey, TValue}"/> chooses.</summary>
    public string? SinkTopic { get; init; }

    /// <summary>True for the source and sink of a repartition topic.</summary>
    public bool IsRepartition { get; init; }

    /// <summary>A grouping's description, for the error when two repartition topics share a name.</summary>
    public string? RepartitionOwner { get; init; }

    /// <summary>A source's <c>auto.offset.reset</c> override.</summary>
    public AutoOffsetReset? OffsetReset { get; init; }

    /// <summary>The partition count a repartition source asks for (null: the runtime's choice).</summary>
    public int? PartitionCount { get; init; }

    /// <summary>True for the source and processor of a global store: they run in no task, on every instance.</summary>
    public bool IsGlobal { get; init; }

    public required Func<RuntimeNode> Factory { get; set; }

    public NodeDefinition Copy() => new()
    {
        Name = Name, Kind = Kind, Index = Index, Input = Input, Output = Output, Parents = [.. Parents], Stores = [.. Stores],
        Topics = [.. Topics], SinkTopic = SinkTopic, IsRepartition = IsRepartition, RepartitionOwner = RepartitionOwner,
        OffsetReset = OffsetReset, PartitionCount = PartitionCount, IsGlobal = IsGlobal, Factory = Factory,
    };
}
