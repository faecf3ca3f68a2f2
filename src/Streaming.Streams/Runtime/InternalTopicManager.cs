using Microsoft.Extensions.Logging;
using Streaming.Streams.State.Internal;

namespace Streaming.Streams.Runtime;

/// <summary>
/// Checks the source topics and creates the internal ones before the threads start: repartition topics get as many partitions
/// as the sub-topology writing them reads (<c>cleanup.policy=delete</c>, no time retention), changelog topics as many as their
/// sub-topology has tasks (<c>cleanup.policy=compact</c>). An existing internal topic with another partition count is an error.
/// </summary>
internal sealed class InternalTopicManager(TopologyMetadata metadata, IAdminClient admin, ILogger logger)
{
    private readonly Topology _topology = metadata.Topology;

    /// <summary>The partition count of every source, repartition and changelog topic, after creating what was missing.</summary>
    public async Task<Dictionary<string, int>> PrepareAsync(CancellationToken cancellationToken)
    {
        var existing = (await admin.ListTopicsAsync(includeInternal: false, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var repartition = _topology.RepartitionTopics.ToHashSet(StringComparer.Ordinal);
        var external = metadata.AllSourceTopics.Where(t => !repartition.Contains(t)).Concat(_topology.GlobalTopics).Distinct().ToList();
        var missing = external.Where(t => !existing.Contains(t)).ToList();
        if (missing.Count > 0)
            throw new StreamsException($"source topic(s) {string.Join(", ", missing.Select(t => $"'{t}'"))} of application '{_topology.Config.ApplicationId}' do not exist: create them before starting");

        var counts = await DescribeAsync(external, cancellationToken).ConfigureAwait(false);

        // Repartition topics take the width of the sub-topology that writes them; that sub-topology may itself read a
        // repartition topic, so resolve until nothing changes.
        var writers = new Dictionary<string, List<int>>();
        for (int s = 0; s < metadata.SubtopologyCount; s++)
        {
            foreach (string t in _topology.SinkTopicsOf(s).Where(repartition.Contains))
            {
                if (!writers.TryGetValue(t, out List<int>? list)) writers[t] = list = [];
                list.Add(s);
            }
        }
        foreach (string r in repartition)
        {
            if (_topology.RepartitionTopicPartitionCount(r) is { } fixedCount) counts[r] = fixedCount;
        }
        bool progress = true;
        while (progress)
        {
            progress = false;
            foreach (string r in repartition.Where(r => !counts.ContainsKey(r)))
            {
                if (!writers.TryGetValue(r, out List<int>? subs)) continue;
                int n = 0;
                bool known = true;
                foreach (int s in subs)
                {
                    foreach (string src in metadata.SourceTopicsOf(s))
                    {
                        if (counts.TryGetValue(src, out int c)) n = Math.Max(n, c);
                        else known = false;
                    }
                }
                if (known && n > 0)
                {
                    counts[r] = n;
                    progress = true;
                }
            }
        }
        // Joined inputs must be co-partitioned: user topics must agree (a clear error names them), internal ones follow.
        _topology.EnforceCopartitioning(counts);
        var unresolved = repartition.Where(r => !counts.ContainsKey(r)).ToList();
        if (unresolved.Count > 0)
            throw new StreamsException($"cannot work out the partition count of repartition topic(s) {string.Join(", ", unresolved)}: no sub-topology with known inputs writes them");

        var wanted = new List<TopicSpecification>();
        foreach (string r in repartition)
        {
            wanted.Add(new TopicSpecification
            {
                Name = r,
                NumPartitions = counts[r],
                ReplicationFactor = _topology.Config.ReplicationFactor,
                Configs = new Dictionary<string, string> { ["cleanup.policy"] = "delete", ["retention.ms"] = "-1" },
            });
        }
        for (int s = 0; s < metadata.SubtopologyCount; s++)
        {
            int tasks = metadata.SourceTopicsOf(s).Max(t => counts[t]);
            foreach ((string store, string changelog) in _topology.LoggedStoresOf(s))
            {
                counts[changelog] = tasks;
                // Window and session stores forget old windows: their changelogs are compacted and also deleted after the
                // store's retention (plus a day, as Kafka Streams' windowstore.changelog.additional.retention.ms).
                var configs = new Dictionary<string, string> { ["cleanup.policy"] = "compact" };
                if (_topology.StoreBuilder(store) is IWindowedStoreBuilder windowed)
                {
                    configs["cleanup.policy"] = "compact,delete";
                    configs["retention.ms"] = (windowed.RetentionPeriodMs + (long)TimeSpan.FromDays(1).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                wanted.Add(new TopicSpecification
                {
                    Name = changelog,
                    NumPartitions = tasks,
                    ReplicationFactor = _topology.Config.ReplicationFactor,
                    Configs = configs,
                });
            }
        }

        var toCreate = wanted.Where(w => !existing.Contains(w.Name)).ToList();
        var present = wanted.Where(w => existing.Contains(w.Name)).ToList();
        if (present.Count > 0)
        {
            var actual = await DescribeAsync(present.Select(p => p.Name), cancellationToken).ConfigureAwait(false);
            foreach (TopicSpecification p in present)
            {
                if (actual[p.Name] != p.NumPartitions)
                    throw new StreamsException($"internal topic '{p.Name}' has {actual[p.Name]} partitions but application '{_topology.Config.ApplicationId}' needs {p.NumPartitions} " +
                        "(did the source topics' partition counts change?); delete it (and reset the application) or restore the partition count");
            }
        }
        foreach (TopicSpecification spec in toCreate)
        {
            try
            {
                await admin.CreateTopicsAsync([spec], cancellationToken).ConfigureAwait(false);
                StreamsLog.InternalTopicCreated(logger, spec.Name, spec.NumPartitions);
            }
            catch (TopicAlreadyExistsException)
            {
                // Another instance created it first.
            }
        }
        return counts;
    }

    private async Task<Dictionary<string, int>> DescribeAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        var list = topics.Distinct().ToList();
        if (list.Count == 0) return [];
        var descriptions = await admin.DescribeTopicsAsync(list, cancellationToken).ConfigureAwait(false);
        return descriptions.ToDictionary(d => d.Name, d => d.Partitions.Count);
    }
}
