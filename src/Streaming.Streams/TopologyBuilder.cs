using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams;

/// <summary>
/// The low-level (Processor API) way to declare a topology: sources, processors, sinks and stores, linked by name.
/// Parents may be declared after their children; links, types, stores and cycles are checked by <see cref="Build"/>.
/// </summary>
public sealed class TopologyBuilder
{
    private readonly List<NodeDefinition> _nodes = [];
    private readonly Dictionary<string, NodeDefinition> _byName = [];
    private readonly Dictionary<string, StoreRegistration> _stores = [];
    private readonly List<Func<string?>> _checks = [];
    private readonly List<string[]> _copartitionGroups = [];
    private int _index;

    public TopologyBuilder(StreamsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
    }

    public StreamsConfig Config { get; }

    /// <summary>Adds a source reading <paramref name="topics"/>; serdes default as <see cref="Serdes.TryGetDefault{T}"/>.</summary>
    public TopologyBuilder AddSource<TKey, TValue>(string name, IReadOnlyList<string> topics, Serde<TKey>? keySerde = null, Serde<TValue>? valueSerde = null,
        TimestampExtractor<TKey, TValue>? timestampExtractor = null, AutoOffsetReset? offsetReset = null)
        => AddSourceInternal(name, topics, keySerde, valueSerde, timestampExtractor, repartition: false, owner: null, offsetReset);

    /// <summary>Adds a source reading one topic.</summary>
    public TopologyBuilder AddSource<TKey, TValue>(string name, string topic, Serde<TKey>? keySerde = null, Serde<TValue>? valueSerde = null,
        TimestampExtractor<TKey, TValue>? timestampExtractor = null, AutoOffsetReset? offsetReset = null)
        => AddSource(name, [topic], keySerde, valueSerde, timestampExtractor, offsetReset);

    /// <summary>Adds a processor made by <paramref name="supplier"/> (called once per task) under <paramref name="parentNames"/>.</summary>
    public TopologyBuilder AddProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>(string name, Func<IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>> supplier,
        params string[] parentNames)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        AddProcessorInternal<TKeyIn, TValueIn, TKeyOut, TValueOut>(name, () => new ProcessorNode<TKeyIn, TValueIn, TKeyOut, TValueOut>(name,
            supplier() ?? throw new StreamsException($"the supplier of processor '{name}' returned null")), parentNames);
        return this;
    }

    /// <summary>Adds a sink writing to <paramref name="topic"/>.</summary>
    public TopologyBuilder AddSink<TKey, TValue>(string name, string topic, Serde<TKey>? keySerde, Serde<TValue>? valueSerde, params string[] parentNames)
    {
        InternalNames.ValidateTopic(topic);
        AddSinkInternal(name, topic, null, keySerde, valueSerde, parentNames, repartition: false);
        return this;
    }

    /// <summary>Adds a sink writing each record to the topic <paramref name="topicChooser"/> picks.</summary>
    public TopologyBuilder AddSink<TKey, TValue>(string name, TopicNameExtractor<TKey, TValue> topicChooser, Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
        params string[] parentNames)
    {
        ArgumentNullException.ThrowIfNull(topicChooser);
        AddSinkInternal(name, null, topicChooser, keySerde, valueSerde, parentNames, repartition: false);
        return this;
    }

    /// <summary>Adds a store and connects it to <paramref name="processorNames"/>.</summary>
    public TopologyBuilder AddStateStore(IStoreBuilder storeBuilder, params string[] processorNames)
    {
        ArgumentNullException.ThrowIfNull(storeBuilder);
        AddStore(new StoreRegistration(storeBuilder.Name, () => storeBuilder));
        ConnectStores(processorNames, storeBuilder.Name);
        return this;
    }

    /// <summary>Gives <paramref name="processorName"/> access to stores added elsewhere.</summary>
    public TopologyBuilder ConnectProcessorAndStateStores(string processorName, params string[] storeNames)
    {
        foreach (string store in storeNames) ConnectStores([processorName], store);
        return this;
    }

    /// <summary>Checks the declarations and freezes them into a <see cref="Topology"/>; later changes to this builder do not affect it.</summary>
    public Topology Build()
    {
        var errors = _checks.Select(c => c()).OfType<string>().ToList();
        if (errors.Count > 0) throw new TopologyException(errors[0]);
        return new Topology(Config, [.. _nodes.Select(n => n.Copy())], [.. _stores.Values], [.. _copartitionGroups.Select(g => (string[])g.Clone())]);
    }

    internal int NextIndex() => _index++;

    internal string NewName(string prefix) => prefix + NextIndex().ToString("D10", System.Globalization.CultureInfo.InvariantCulture);

    internal bool HasNode(string name) => _byName.ContainsKey(name);

    internal void AddCheck(Func<string?> check) => _checks.Add(check);

    /// <summary>
    /// Records that the inputs of <paramref name="nodeNames"/> must be co-partitioned (a join): the topology resolves each node to
    /// the topics of the sources upstream of it, and the runtime checks their partition counts before it starts.
    /// </summary>
    internal void AddCopartitionGroup(params string[] nodeNames) => _copartitionGroups.Add(nodeNames);

    internal void ReplaceFactory(string name, Func<RuntimeNode> factory) => _byName[name].Factory = factory;

    internal void AddStore(StoreRegistration store)
    {
        InternalNames.Validate(store.Name, "store name");
        // The changelog topic must be a valid topic too (its length is the usual catch).
        InternalNames.ValidateTopic(InternalNames.Changelog(Config.ApplicationId, store.Name));
        if (!_stores.TryAdd(store.Name, store)) throw new TopologyException($"store '{store.Name}' is already added");
    }

    internal void ConnectStores(IEnumerable<string> processorNames, string store)
    {
        foreach (string p in processorNames)
        {
            if (!_byName.TryGetValue(p, out NodeDefinition? node)) throw new TopologyException($"processor '{p}' is not added yet, so store '{store}' cannot be connected to it");
            if (node.Kind != NodeKind.Processor) throw new TopologyException($"'{p}' is a {node.Kind.ToString().ToLowerInvariant()}: only processors use stores");
            if (!node.Stores.Contains(store)) node.Stores.Add(store);
        }
    }

    internal TopologyBuilder AddSourceInternal<TKey, TValue>(string name, IReadOnlyList<string> topics, Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
        TimestampExtractor<TKey, TValue>? extractor, bool repartition, string? owner, AutoOffsetReset? offsetReset = null, int? partitionCount = null, bool global = false)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0) throw new TopologyException($"source '{name}' reads no topic");
        foreach (string t in topics) InternalNames.ValidateTopic(t);
        Serde<TKey>? k = Resolve(keySerde, $"key of source '{name}' (topics: [{string.Join(", ", topics)}])");
        Serde<TValue>? v = Resolve(valueSerde, $"value of source '{name}' (topics: [{string.Join(", ", topics)}])");
        Add(new NodeDefinition
        {
            Name = name, Kind = NodeKind.Source, Index = _nodes.Count, Output = (typeof(TKey), typeof(TValue)), Topics = [.. topics],
            IsRepartition = repartition, RepartitionOwner = owner, OffsetReset = offsetReset, PartitionCount = partitionCount, IsGlobal = global,
            Factory = () => new SourceNode<TKey, TValue>(name, k!.Deserializer, v!.Deserializer, extractor),
        });
        return this;
    }

    internal void AddTableSource<TKey, TValue>(string name, string topic, Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
        TimestampExtractor<TKey, TValue>? extractor, AutoOffsetReset? offsetReset, bool global = false)
    {
        InternalNames.ValidateTopic(topic);
        Serde<TKey>? k = Resolve(keySerde, $"key of source '{name}' (topics: [{topic}])");
        Serde<TValue>? v = Resolve(valueSerde, $"value of source '{name}' (topics: [{topic}])");
        TimestampExtractor<TKey, Change<TValue>>? changeExtractor = extractor is null ? null : (key, change, ts, pt) => extractor(key, change.NewValue, ts, pt);
        Add(new NodeDefinition
        {
            Name = name, Kind = NodeKind.Source, Index = _nodes.Count, Output = (typeof(TKey), typeof(Change<TValue>)), Topics = [topic], OffsetReset = offsetReset,
            IsGlobal = global,
            Factory = () => new SourceNode<TKey, Change<TValue>>(name, k!.Deserializer, new Kstream.Internal.TableSourceDeserializer<TValue>(v!.Deserializer), changeExtractor),
        });
    }

    internal void AddProcessorInternal<TKeyIn, TValueIn, TKeyOut, TValueOut>(string name, Func<RuntimeNode> factory, IEnumerable<string> parents, bool global = false)
    {
        Add(new NodeDefinition
        {
            Name = name, Kind = NodeKind.Processor, Index = _nodes.Count, Input = (typeof(TKeyIn), typeof(TValueIn)),
            Output = (typeof(TKeyOut), typeof(TValueOut)), Parents = [.. parents], Factory = factory, IsGlobal = global,
        });
    }

    internal void AddSinkInternal<TKey, TValue>(string name, string? topic, TopicNameExtractor<TKey, TValue>? chooser, Serde<TKey>? keySerde,
        Serde<TValue>? valueSerde, IEnumerable<string> parents, bool repartition, StreamPartitioner<TKey, TValue>? partitioner = null)
    {
        string where = topic is null ? $"sink '{name}' (topic chosen per record)" : $"sink '{name}' (topic '{topic}')";
        Serde<TKey>? k = Resolve(keySerde, "key of " + where);
        Serde<TValue>? v = Resolve(valueSerde, "value of " + where);
        Add(new NodeDefinition
        {
            Name = name, Kind = NodeKind.Sink, Index = _nodes.Count, Input = (typeof(TKey), typeof(TValue)), Parents = [.. parents],
            SinkTopic = topic, IsRepartition = repartition,
            Factory = () => new SinkNode<TKey, TValue>(name, topic, chooser, k!.Serializer, v!.Serializer, partitioner),
        });
    }

    /// <summary>The given serde, else the default; when the default cannot serve, the build fails with a message naming <paramref name="what"/>.</summary>
    internal Serde<T>? Resolve<T>(Serde<T>? given, string what)
    {
        if (given is not null) return given;
        if (Serdes.TryGetDefault(out Serde<T>? serde)) return serde;
        _checks.Add(() => $"no serde for the {what}: the default cannot serve type {typeof(T).Name} (object, interfaces, abstract types and delegates have none); pass one explicitly");
        return null;
    }

    private void Add(NodeDefinition node)
    {
        InternalNames.Validate(node.Name, "processor name");
        if (!_byName.TryAdd(node.Name, node)) throw new TopologyException($"processor '{node.Name}' is already added");
        _nodes.Add(node);
    }
}
