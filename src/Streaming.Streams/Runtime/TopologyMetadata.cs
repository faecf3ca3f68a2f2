namespace Streaming.Streams.Runtime;

/// <summary>The runtime's view of a topology: which topics each sub-topology reads, and so which tasks exist for given partition counts.</summary>
internal sealed class TopologyMetadata
{
    private readonly IReadOnlyList<string>[] _sources;
    private readonly Dictionary<string, int> _subtopologyByTopic = [];

    public TopologyMetadata(Topology topology)
    {
        Topology = topology;
        _sources = new IReadOnlyList<string>[topology.SubtopologyCount];
        for (int i = 0; i < _sources.Length; i++)
        {
            _sources[i] = topology.SourceTopicsOf(i);
            foreach (string t in _sources[i]) _subtopologyByTopic[t] = i;
        }
    }

    public Topology Topology { get; }

    public int SubtopologyCount => _sources.Length;

    /// <summary>Every topic a stream thread subscribes to: user source topics and repartition topics.</summary>
    public IReadOnlyList<string> AllSourceTopics => [.. _sources.SelectMany(s => s).Distinct()];

    public IReadOnlyList<string> SourceTopicsOf(int subtopology) => _sources[subtopology];

    /// <summary>True when a store of <paramref name="subtopology"/> logs to a changelog (its tasks have state to restore or replicate).</summary>
    public bool IsStateful(int subtopology) => Topology.LoggedStoresOf(subtopology).Count > 0;

    /// <summary>The sub-topology whose tasks hold store <paramref name="store"/>, or -1.</summary>
    public int SubtopologyOfStore(string store) => Topology.SubtopologyOfStore(store);

    public bool TryGetSubtopology(string topic, out int subtopology) => _subtopologyByTopic.TryGetValue(topic, out subtopology);

    /// <summary>
    /// The tasks for these partition counts: a sub-topology has as many tasks as its widest source topic has partitions.
    /// <c>complete</c> is false when a source topic is missing from <paramref name="partitionCounts"/> (its sub-topology gets no tasks).
    /// </summary>
    public (List<TaskId> Tasks, bool Complete) Tasks(IReadOnlyDictionary<string, int> partitionCounts)
    {
        var tasks = new List<TaskId>();
        bool complete = true;
        for (int s = 0; s < _sources.Length; s++)
        {
            int n = 0;
            foreach (string t in _sources[s])
            {
                if (partitionCounts.TryGetValue(t, out int count)) n = Math.Max(n, count);
                else complete = false;
            }
            for (int p = 0; p < n; p++) tasks.Add(new TaskId(s, p));
        }
        return (tasks, complete);
    }

    /// <summary>The input partitions of <paramref name="tasks"/>: partition p of each topic of the task's sub-topology that has one.</summary>
    public List<TopicPartition> PartitionsOf(IEnumerable<TaskId> tasks, IReadOnlyDictionary<string, int> partitionCounts)
    {
        var result = new List<TopicPartition>();
        foreach (TaskId task in tasks)
        {
            foreach (string t in _sources[task.Subtopology])
            {
                if (partitionCounts.TryGetValue(t, out int count) && task.Partition < count) result.Add(new TopicPartition(t, task.Partition));
            }
        }
        return result;
    }

    /// <summary>Groups assigned partitions into their tasks.</summary>
    public Dictionary<TaskId, List<TopicPartition>> TasksOf(IEnumerable<TopicPartition> partitions)
    {
        var result = new Dictionary<TaskId, List<TopicPartition>>();
        foreach (TopicPartition tp in partitions)
        {
            if (!_subtopologyByTopic.TryGetValue(tp.Topic, out int sub)) continue;
            var id = new TaskId(sub, tp.Partition);
            if (!result.TryGetValue(id, out List<TopicPartition>? list)) result[id] = list = [];
            list.Add(tp);
        }
        return result;
    }
}
