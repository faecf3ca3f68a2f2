using Streaming.Streams.Internal;
using Streaming.Streams.State;

namespace Streaming.Streams;

/// <summary>
/// An immutable, validated graph of sources, processors, sinks and stores, split into sub-topologies. Made by
/// <c>StreamsBuilder.Build()</c> or <see cref="TopologyBuilder.Build"/>.
/// </summary>
public sealed partial class Topology
{
    private readonly IReadOnlyList<NodeDefinition> _nodes;
    private readonly Dictionary<string, NodeDefinition> _byName;
    private readonly Dictionary<string, StoreRegistration> _stores;
    private readonly Dictionary<string, IStoreBuilder> _storeBuilders;
    private readonly List<List<NodeDefinition>> _subtopologies;
    private readonly List<List<NodeDefinition>> _globalSubtopologies = [];
    private readonly List<IReadOnlySet<string>> _copartitionGroups = [];

    internal Topology(StreamsConfig config, IReadOnlyList<NodeDefinition> nodes, IReadOnlyList<StoreRegistration> stores,
        IReadOnlyList<string[]>? copartitionNodeGroups = null)
    {
        Config = config;
        _nodes = nodes;
        _byName = nodes.ToDictionary(n => n.Name);
        _stores = stores.ToDictionary(s => s.Name);
        Validate();
        _storeBuilders = stores.ToDictionary(s => s.Name, s => s.Builder());
        _subtopologies = Partition();
        foreach (string[] group in copartitionNodeGroups ?? [])
        {
            var topics = new SortedSet<string>(group.SelectMany(UpstreamSourceTopics), StringComparer.Ordinal);
            if (topics.Count > 1 && !_copartitionGroups.Any(g => g.SetEquals(topics))) _copartitionGroups.Add(topics);
        }
    }

    public StreamsConfig Config { get; }

    /// <summary>Every topic read by a source, by sub-topology.</summary>
    public IReadOnlyList<string> SourceTopics => [.. _nodes.Where(n => n.Kind == NodeKind.Source && !n.IsGlobal).SelectMany(n => n.Topics)];

    /// <summary>The internal repartition topics (<c>&lt;application.id&gt;-&lt;name&gt;-repartition</c>) the runtime must create.</summary>
    public IReadOnlyList<string> RepartitionTopics => [.. _nodes.Where(n => n.Kind == NodeKind.Source && n.IsRepartition).SelectMany(n => n.Topics)];

    /// <summary>The changelog topics of the stores that log (<c>&lt;application.id&gt;-&lt;store&gt;-changelog</c>).</summary>
    public IReadOnlyList<string> ChangelogTopics
        => [.. _storeBuilders.Values.Where(b => b.LoggingEnabled).Select(b => InternalNames.Changelog(Config.ApplicationId, b.Name))];

    internal int SubtopologyCount => _subtopologies.Count;

    /// <summary>The <c>auto.offset.reset</c> policy chosen for source topic <paramref name="topic"/> (<c>Consumed.WithOffsetResetPolicy</c>); null means the config's.</summary>
    public AutoOffsetReset? OffsetResetPolicy(string topic)
        => _nodes.FirstOrDefault(n => n.Kind == NodeKind.Source && n.Topics.Contains(topic))?.OffsetReset;

    /// <summary>The partition count asked for repartition topic <paramref name="topic"/> (<c>Repartitioned.WithNumberOfPartitions</c>); null means the runtime's choice.</summary>
    public int? RepartitionTopicPartitionCount(string topic)
        => _nodes.FirstOrDefault(n => n.Kind == NodeKind.Source && n.IsRepartition && n.Topics.Contains(topic))?.PartitionCount;

    /// <summary>Describes the sub-topologies and their nodes.</summary>
    public TopologyDescription Describe()
    {
        var successors = _nodes.ToDictionary(n => n.Name, _ => new List<string>());
        foreach (NodeDefinition n in _nodes)
        {
            foreach (string p in n.Parents) successors[p].Add(n.Name);
        }
        NodeDescription Node(NodeDefinition n) => new(n.Name, n.Kind.ToString(), n.Kind == NodeKind.Sink ? (n.SinkTopic is null ? [] : [n.SinkTopic]) : n.Topics,
            [.. n.Stores], [.. n.Parents], successors[n.Name]);
        return new TopologyDescription([
            .. _subtopologies.Select((nodes, id) => new SubtopologyDescription(id, [.. nodes.Select(Node)])),
            .. _globalSubtopologies.Select((nodes, i) => new SubtopologyDescription(_subtopologies.Count + i, [.. nodes.Select(Node)], IsGlobal: true)),
        ]);
    }

    public override string ToString() => Describe().ToString();

    /// <summary>Makes the task of <paramref name="subtopology"/> for <paramref name="partition"/>: fresh processors and stores.</summary>
    internal StreamTask CreateTask(int subtopology, int partition, Func<long> wallClock, IRecordCollector collector)
    {
        List<NodeDefinition> defs = _subtopologies[subtopology];
        var runtime = defs.ToDictionary(d => d.Name, d => d.Factory());
        foreach (NodeDefinition d in defs)
        {
            runtime[d.Name].Stores = new HashSet<string>(d.Stores);
            foreach (string p in d.Parents) runtime[p].Children.Add(runtime[d.Name]);
        }
        var sources = new Dictionary<string, IRawSource>();
        foreach (NodeDefinition d in defs.Where(d => d.Kind == NodeKind.Source))
        {
            foreach (string t in d.Topics) sources[t] = (IRawSource)runtime[d.Name];
        }
        var stores = defs.SelectMany(d => d.Stores).Distinct().ToDictionary(s => s, s => _storeBuilders[s].Build());
        return new StreamTask($"{subtopology}_{partition}", partition, Config, [.. defs.Select(d => runtime[d.Name])], sources, stores, wallClock, collector);
    }

    private void Validate()
    {
        foreach (NodeDefinition n in _nodes)
        {
            if (n.Kind != NodeKind.Source && n.Parents.Count == 0) throw new TopologyException($"{Describe(n)} has no parent");
            foreach (string p in n.Parents)
            {
                if (!_byName.TryGetValue(p, out NodeDefinition? parent)) throw new TopologyException($"{Describe(n)} has an unknown parent '{p}'");
                if (parent.Kind == NodeKind.Sink) throw new TopologyException($"{Describe(n)} has sink '{p}' as parent: sinks have no children");
                if (parent.Output != n.Input)
                    throw new TopologyException($"{Describe(n)} takes <{Show(n.Input)}> but its parent '{p}' forwards <{Show(parent.Output)}>");
            }
            foreach (string s in n.Stores.Where(s => !_stores.ContainsKey(s))) throw new TopologyException($"{Describe(n)} uses unknown store '{s}'");
        }
        var topicOwner = new Dictionary<string, NodeDefinition>();
        foreach (NodeDefinition n in _nodes.Where(n => n.Kind == NodeKind.Source))
        {
            foreach (string t in n.Topics)
            {
                if (!topicOwner.TryAdd(t, n))
                {
                    NodeDefinition first = topicOwner[t];
                    throw first.IsRepartition && n.IsRepartition
                        ? new TopologyException($"two repartition topics are named '{t}' ({first.RepartitionOwner} and {n.RepartitionOwner}): give the groupings different names with Grouped.As(...)")
                        : new TopologyException($"topic '{t}' is read by two sources, '{first.Name}' and '{n.Name}'");
                }
            }
        }
        CheckCycles();
    }

    private void CheckCycles()
    {
        // Depth-first search over parent links; a node met again while on the path closes a cycle.
        var state = new Dictionary<string, int>();
        var path = new List<string>();
        foreach (NodeDefinition n in _nodes) Visit(n.Name);

        void Visit(string name)
        {
            state.TryGetValue(name, out int s);
            if (s == 2) return;
            if (s == 1)
            {
                int start = path.IndexOf(name);
                throw new TopologyException($"cycle through processors {string.Join(" <- ", path.Skip(start).Append(name))}");
            }
            state[name] = 1;
            path.Add(name);
            foreach (string p in _byName[name].Parents) Visit(p);
            path.RemoveAt(path.Count - 1);
            state[name] = 2;
        }
    }

    private List<List<NodeDefinition>> Partition()
    {
        // Nodes linked by an edge or sharing a store run in the same sub-topology.
        Dictionary<string, string> byEdges = Groups(withStores: false);
        Dictionary<string, string> byAll = Groups(withStores: true);
        List<List<NodeDefinition>> subtopologies = [.. _nodes.Where(n => !n.IsGlobal).GroupBy(n => byAll[n.Name]).Select(g => g.OrderBy(n => n.Index).ToList()).OrderBy(g => g[0].Index)];
        _globalSubtopologies.AddRange(_nodes.Where(n => n.IsGlobal).GroupBy(n => byAll[n.Name]).Select(g => g.OrderBy(n => n.Index).ToList()).OrderBy(g => g[0].Index));
        foreach (List<NodeDefinition> sub in subtopologies) CheckNoRepartitionLoop(sub, byEdges);
        return subtopologies;
    }

    private Dictionary<string, string> Groups(bool withStores)
    {
        var root = _nodes.ToDictionary(n => n.Name, n => n.Name);
        string Find(string x) => root[x] == x ? x : root[x] = Find(root[x]);
        void Union(string a, string b) => root[Find(a)] = Find(b);
        var storeUser = new Dictionary<string, string>();
        foreach (NodeDefinition n in _nodes)
        {
            foreach (string p in n.Parents) Union(n.Name, p);
            if (!withStores) continue;
            foreach (string s in n.Stores)
            {
                if (storeUser.TryGetValue(s, out string? other)) Union(n.Name, other);
                else storeUser[s] = n.Name;
            }
        }
        return _nodes.ToDictionary(n => n.Name, n => Find(n.Name));
    }

    /// <summary>
    /// A store shared by processors on both sides of a repartition topic would put the topic's writer and reader in one
    /// sub-topology: the store would see records partitioned by two different keys, so no task can own it.
    /// </summary>
    private static void CheckNoRepartitionLoop(List<NodeDefinition> sub, Dictionary<string, string> byEdges)
    {
        var written = sub.Where(n => n.Kind == NodeKind.Sink && n.IsRepartition).Select(n => n.SinkTopic!).ToHashSet();
        string? topic = sub.Where(n => n.Kind == NodeKind.Source && n.IsRepartition).SelectMany(n => n.Topics).FirstOrDefault(written.Contains);
        if (topic is null) return;
        foreach (string store in sub.SelectMany(n => n.Stores).Distinct())
        {
            NodeDefinition[] users = [.. sub.Where(n => n.Stores.Contains(store))];
            if (users.Select(u => byEdges[u.Name]).Distinct().Count() < 2) continue;
            throw new TopologyException($"store '{store}' is connected to processors {string.Join(", ", users.Select(u => $"'{u.Name}'"))} on both sides of " +
                $"repartition topic '{topic}': records before and after it are partitioned by different keys, so no task can own the store; give each side its own store");
        }
    }

    /// <summary>The topics the sources of <paramref name="subtopology"/> read.</summary>
    internal IReadOnlyList<string> SourceTopicsOf(int subtopology)
        => [.. _subtopologies[subtopology].Where(n => n.Kind == NodeKind.Source).SelectMany(n => n.Topics)];

    /// <summary>The fixed topics the sinks of <paramref name="subtopology"/> write.</summary>
    internal IReadOnlyList<string> SinkTopicsOf(int subtopology)
        => [.. _subtopologies[subtopology].Where(n => n.Kind == NodeKind.Sink && n.SinkTopic is not null).Select(n => n.SinkTopic!).Distinct()];

    /// <summary>The stores of <paramref name="subtopology"/> that log to a changelog topic, with that topic.</summary>
    internal IReadOnlyList<(string Store, string Changelog)> LoggedStoresOf(int subtopology)
        => [.. _subtopologies[subtopology].SelectMany(n => n.Stores).Distinct().Where(s => _storeBuilders[s].LoggingEnabled)
            .Select(s => (s, InternalNames.Changelog(Config.ApplicationId, s)))];

    /// <summary>The sub-topology holding store <paramref name="store"/>, or -1 when no processor uses it.</summary>
    internal int SubtopologyOfStore(string store)
    {
        for (int i = 0; i < _subtopologies.Count; i++)
        {
            if (_subtopologies[i].Any(n => n.Stores.Contains(store))) return i;
        }
        return -1;
    }

    /// <summary>The stores used by the processors of <paramref name="subtopology"/>.</summary>
    internal IReadOnlyList<string> StoresOf(int subtopology) => [.. _subtopologies[subtopology].SelectMany(n => n.Stores).Distinct()];

    /// <summary>True when the topology declares a store named <paramref name="store"/>.</summary>
    internal bool HasStore(string store) => _stores.ContainsKey(store);

    internal bool IsRepartitionTopic(string topic) => _nodes.Any(n => n.Kind == NodeKind.Source && n.IsRepartition && n.Topics.Contains(topic));

    internal int SubtopologyOf(string topic)
    {
        for (int i = 0; i < _subtopologies.Count; i++)
        {
            if (_subtopologies[i].Any(n => n.Kind == NodeKind.Source && n.Topics.Contains(topic))) return i;
        }
        return -1;
    }

    /// <summary>The topics read by the sources upstream of node <paramref name="name"/>.</summary>
    private IEnumerable<string> UpstreamSourceTopics(string name)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([name]);
        while (pending.TryPop(out string? n))
        {
            if (!seen.Add(n) || !_byName.TryGetValue(n, out NodeDefinition? def)) continue;
            if (def.Kind == NodeKind.Source)
            {
                foreach (string t in def.Topics) yield return t;
                continue;
            }
            foreach (string p in def.Parents) pending.Push(p);
        }
    }

    private static string Describe(NodeDefinition n) => $"{n.Kind.ToString().ToLowerInvariant()} '{n.Name}'";

    private static string Show((Type Key, Type Value)? types) => types is { } t ? $"{t.Key.Name}, {t.Value.Name}" : "nothing";
}
