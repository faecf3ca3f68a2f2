using System.Diagnostics.CodeAnalysis;
using Streaming.Streams;

namespace Streaming.Hosting.Topologies;

/// <summary>The host's topology runners by application id; what <see cref="IStreamsApplications"/>, the health check and the gauges read.</summary>
internal sealed class StreamsApplicationRegistry(IEnumerable<TopologyRegistration> registrations, IStreamingTransport transport) : IStreamsApplications
{
    // How often WaitUntilProcessedAsync asks the group coordinator: committed offsets have no change notification.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly List<TopologyRunner> _runners = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<string> ApplicationIds { get; } = [.. registrations.Select(r => r.ApplicationId)];

    public IReadOnlyList<TopologyRunner> Runners
    {
        get
        {
            lock (_gate) return [.. _runners];
        }
    }

    public void Add(TopologyRunner runner)
    {
        lock (_gate) _runners.Add(runner);
    }

    public KafkaStreams Get(string applicationId)
    {
        if (TryGet(applicationId, out var streams)) return streams;
        throw new InvalidOperationException(ApplicationIds.Contains(applicationId, StringComparer.Ordinal)
            ? $"topology '{applicationId}' has not been started yet: the host starts it in its StartAsync"
            : $"no topology with application id '{applicationId}' was added: the host runs {Describe(ApplicationIds)}");
    }

    public bool TryGet(string applicationId, [NotNullWhen(true)] out KafkaStreams? streams)
    {
        ArgumentNullException.ThrowIfNull(applicationId);
        streams = Runner(applicationId)?.Streams;
        return streams is not null;
    }

    public async Task WaitUntilProcessedAsync(string applicationId, CancellationToken cancellationToken)
    {
        var streams = Get(applicationId);
        var topology = Runner(applicationId)!.Topology!;
        var repartition = topology.RepartitionTopics.ToHashSet(StringComparer.Ordinal);
        var external = topology.SourceTopics.Where(t => !repartition.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
        // Sources in sub-topology order: a repartition topic is read after the topics that feed it are done.
        var internalTopics = topology.SourceTopics.Where(repartition.Contains).Distinct(StringComparer.Ordinal).ToList();
        using var admin = transport.CreateAdminClient(new AdminClientConfig { ClientId = $"{applicationId}-progress" });
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(transport, new ConsumerConfig
        {
            ClientId = $"{applicationId}-progress",
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnablePartitionEof = true,
        }).Build();
        var targets = await EndOffsetsAsync(admin, consumer, external, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            if (streams.State is KafkaStreamsState.NotRunning or KafkaStreamsState.PendingError or KafkaStreamsState.Error)
                throw new InvalidOperationException($"topology '{applicationId}' is {streams.State} and will not catch up", streams.Error);
            var committed = await CommittedAsync(admin, applicationId, cancellationToken).ConfigureAwait(false);
            if (CaughtUp(consumer, targets, committed))
            {
                // What the external sources produced into the repartition topics is written before their offsets are committed.
                var internalEnds = await EndOffsetsAsync(admin, consumer, internalTopics, cancellationToken).ConfigureAwait(false);
                if (CaughtUp(consumer, internalEnds, committed)) return;
            }
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private TopologyRunner? Runner(string applicationId)
    {
        lock (_gate) return _runners.FirstOrDefault(r => r.ApplicationId == applicationId);
    }

    private static async Task<Dictionary<TopicPartition, long>> CommittedAsync(IAdminClient admin, string groupId, CancellationToken cancellationToken)
    {
        try
        {
            var offsets = await admin.ListConsumerGroupOffsetsAsync(groupId, cancellationToken).ConfigureAwait(false);
            return offsets.Where(o => o.Committed.Value >= 0).ToDictionary(o => o.TopicPartition, o => o.Committed.Value);
        }
        catch (GroupIdNotFoundException)
        {
            return [];
        }
    }

    /// <summary>
    /// Whether every partition's committed offset has reached its target. A committed offset short of the end is still caught
    /// up when nothing but transaction markers (or aborted records) lies between: a read_committed fetch from it finds the end.
    /// </summary>
    private static bool CaughtUp(IConsumer<Ignore, Ignore> consumer, Dictionary<TopicPartition, long> targets, Dictionary<TopicPartition, long> committed)
    {
        foreach (var (tp, end) in targets)
        {
            long at = committed.GetValueOrDefault(tp, -1);
            if (at >= end) continue;
            if (at < 0) return false;
            consumer.Assign([new TopicPartitionOffset(tp, at)]);
            var first = consumer.Consume(TimeSpan.FromSeconds(5));
            if (first is null || !first.IsPartitionEOF) return false;
        }
        return true;
    }

    private static async Task<Dictionary<TopicPartition, long>> EndOffsetsAsync(IAdminClient admin, IConsumer<Ignore, Ignore> consumer, List<string> topics,
        CancellationToken cancellationToken)
    {
        var ends = new Dictionary<TopicPartition, long>();
        if (topics.Count == 0) return ends;
        foreach (var topic in await admin.DescribeTopicsAsync(topics, cancellationToken).ConfigureAwait(false))
        {
            foreach (var partition in topic.Partitions)
            {
                var tp = new TopicPartition(topic.Name, partition.Partition);
                long high = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(30)).High.Value;
                if (high > 0) ends[tp] = high;
            }
        }
        return ends;
    }

    private static string Describe(IReadOnlyList<string> ids) => ids.Count == 0 ? "no topology" : string.Join(", ", ids.Select(id => $"'{id}'"));
}
