using Streaming.Streams.Internal;
using Streaming.Streams.State;

namespace Streaming.Streams;

/// <summary>The co-partitioning requirements and global stores of a topology.</summary>
public sealed partial class Topology
{
    /// <summary>
    /// Groups of source topics whose records are joined by key, so that partition p of each must hold the same keys: their
    /// partition counts must be equal (Kafka's co-partition groups). Internal (repartition, subscription, response) topics
    /// in a group take the count of the group's other topics.
    /// </summary>
    public IReadOnlyList<IReadOnlySet<string>> CopartitionGroups => _copartitionGroups;

    /// <summary>The topics of the global stores: read in full (every partition) by every instance; each is its store's changelog.</summary>
    public IReadOnlyList<string> GlobalTopics => [.. _globalSubtopologies.SelectMany(g => g).Where(n => n.Kind == NodeKind.Source).SelectMany(n => n.Topics)];

    /// <summary>The names of the global stores.</summary>
    public IReadOnlyList<string> GlobalStoreNames => [.. _globalSubtopologies.SelectMany(g => g).SelectMany(n => n.Stores).Distinct()];

    /// <summary>
    /// Checks the co-partition groups against <paramref name="partitionCounts"/> (topic → partitions) and sets the count of the
    /// internal topics in them, as Kafka's <c>CopartitionedTopicsEnforcer</c>: the user topics of a group must agree
    /// (otherwise a <see cref="TopologyException"/> names them with their counts); an internal topic whose count was not fixed
    /// (<c>Repartitioned.WithNumberOfPartitions</c>) takes theirs; a fixed one must match. A group of internal topics only
    /// takes the largest fixed count, else the largest known count.
    /// </summary>
    public void EnforceCopartitioning(IDictionary<string, int> partitionCounts)
    {
        ArgumentNullException.ThrowIfNull(partitionCounts);
        foreach (IReadOnlySet<string> group in _copartitionGroups)
        {
            string[] external = [.. group.Where(t => !IsRepartitionTopic(t))];
            string[] internalTopics = [.. group.Where(IsRepartitionTopic)];
            int count;
            if (external.Length > 0)
            {
                string[] unknown = [.. external.Where(t => !partitionCounts.ContainsKey(t))];
                if (unknown.Length > 0)
                    throw new TopologyException($"cannot check the co-partitioning of [{string.Join(", ", group)}]: the partition count of {string.Join(", ", unknown)} is not known");
                int[] counts = [.. external.Select(t => partitionCounts[t]).Distinct()];
                if (counts.Length > 1)
                    throw new TopologyException($"topics not co-partitioned: {string.Join(", ", external.Select(t => $"'{t}' ({partitionCounts[t]} partitions)"))}; " +
                        "joined topics must have the same number of partitions (repartition one of them with Repartition(Repartitioned.WithNumberOfPartitions(n)))");
                count = counts[0];
            }
            else
            {
                int[] fixedCounts = [.. internalTopics.Select(RepartitionTopicPartitionCount).OfType<int>()];
                int[] known = [.. internalTopics.Where(partitionCounts.ContainsKey).Select(t => partitionCounts[t])];
                if (fixedCounts.Length == 0 && known.Length == 0) continue;
                count = fixedCounts.Length > 0 ? fixedCounts.Max() : known.Max();
            }
            foreach (string t in internalTopics)
            {
                if (RepartitionTopicPartitionCount(t) is { } asked && asked != count)
                    throw new TopologyException($"repartition topic '{t}' asks for {asked} partitions but must be co-partitioned with [{string.Join(", ", group.Where(g => g != t))}] ({count} partitions)");
                partitionCounts[t] = count;
            }
        }
    }

    /// <summary>
    /// Makes the task that holds the global stores (id <c>global</c>, state under <c>&lt;state.dir&gt;/&lt;application.id&gt;/global</c>),
    /// or null when the topology has none. The owner initializes it (<see cref="StreamTask.Initialize"/>), restores each store from
    /// its topic (all partitions; <see cref="State.Internal.StoreLayers.RestoreTarget"/>), then applies new records with
    /// <see cref="StreamTask.Process"/> and flushes with <see cref="StreamTask.Commit"/>; stream tasks read the stores through
    /// <see cref="StreamTask.GlobalStores"/>.
    /// </summary>
    internal StreamTask? CreateGlobalTask(Func<long> wallClock, IRecordCollector collector)
    {
        if (_globalSubtopologies.Count == 0) return null;
        List<NodeDefinition> defs = [.. _globalSubtopologies.SelectMany(g => g)];
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
        return new StreamTask("global", -1, Config, [.. defs.Select(d => runtime[d.Name])], sources, stores, wallClock, collector);
    }

    /// <summary>The global store named <paramref name="store"/>'s topic, or null when it is not a global store.</summary>
    public string? GlobalStoreTopic(string store)
    {
        foreach (List<NodeDefinition> g in _globalSubtopologies)
        {
            if (g.Any(n => n.Stores.Contains(store))) return g.First(n => n.Kind == NodeKind.Source).Topics[0];
        }
        return null;
    }

    internal IStoreBuilder StoreBuilder(string store) => _storeBuilders[store];
}
