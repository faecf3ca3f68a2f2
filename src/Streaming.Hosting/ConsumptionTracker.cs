using Streaming.Hosting.Consumers;

namespace Streaming.Hosting;

/// <summary>
/// Lets a test (or a one-shot job) wait, without sleeping, until the hosted consumers have finished — handled or
/// dead-lettered — every record that was in their topics when the wait began.
/// </summary>
public sealed class ConsumptionTracker
{
    private readonly ConsumerWorkerRegistry _registry;
    private readonly IStreamingTransport _transport;

    internal ConsumptionTracker(ConsumerWorkerRegistry registry, IStreamingTransport transport)
    {
        _registry = registry;
        _transport = transport;
    }

    /// <summary>Completes when every hosted consumer has caught up with its topics' current ends.</summary>
    /// <exception cref="InvalidOperationException">A consumer stopped (on a fatal error or otherwise) before catching up.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first.</exception>
    public async Task WaitUntilConsumedAsync(CancellationToken cancellationToken)
    {
        var ends = await EndOffsetsAsync(cancellationToken).ConfigureAwait(false);
        // Members of one group share its partitions: the group has caught up when, partition by partition, one of its
        // members has processed up to the end (a partition may have moved between them in a rebalance).
        var byGroup = _registry.Workers.GroupBy(w => _registry.Registrations.First(r => r.Name == w.Name).GroupId, StringComparer.Ordinal);
        foreach (var group in byGroup)
        {
            var workers = group.ToList();
            var topics = workers.SelectMany(w => _registry.Registrations.First(r => r.Name == w.Name).Topics).ToHashSet(StringComparer.Ordinal);
            var targets = ends.Where(e => topics.Contains(e.Key.Topic) && e.Value > 0).ToList();
            while (true)
            {
                var signals = workers.Select(w => w.WhenProgressAsync()).ToArray(); // taken before the check, so no progress is missed
                var processed = new Dictionary<TopicPartition, long>();
                foreach (var worker in workers)
                    foreach (var (tp, next) in worker.ProcessedPositions())
                        processed[tp] = Math.Max(next, processed.GetValueOrDefault(tp));
                if (targets.All(t => processed.TryGetValue(t.Key, out long next) && next >= t.Value)) break;
                if (workers.FirstOrDefault(w => w.State is ConsumerWorkerState.Faulted or ConsumerWorkerState.Stopped) is { } stopped)
                    throw new InvalidOperationException($"consumer '{stopped.Name}' is {stopped.State.ToString().ToLowerInvariant()} and will not catch up", stopped.Fault);
                await Task.WhenAny(signals).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<Dictionary<TopicPartition, long>> EndOffsetsAsync(CancellationToken cancellationToken)
    {
        var topics = _registry.Registrations.SelectMany(r => r.Topics).Distinct(StringComparer.Ordinal).ToList();
        var ends = new Dictionary<TopicPartition, long>();
        if (topics.Count == 0) return ends;
        using var admin = _transport.CreateAdminClient(new AdminClientConfig());
        var existing = (await admin.ListTopicsAsync(false, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        topics.RemoveAll(t => !existing.Contains(t));
        if (topics.Count == 0) return ends;
        var descriptions = await admin.DescribeTopicsAsync(topics, cancellationToken).ConfigureAwait(false);
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(_transport, new ConsumerConfig()).Build();
        foreach (var topic in descriptions)
        {
            foreach (var partition in topic.Partitions)
            {
                var tp = new TopicPartition(topic.Name, partition.Partition);
                ends[tp] = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(30)).High.Value;
            }
        }
        return ends;
    }
}
