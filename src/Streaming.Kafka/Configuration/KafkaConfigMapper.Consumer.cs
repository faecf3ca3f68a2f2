using Streaming.Kafka.Membership;

namespace Streaming.Kafka.Configuration;

internal static partial class KafkaConfigMapper
{
    /// <summary>
    /// The consumer's settings (same rules and messages as on every transport) and its librdkafka configuration. Mapped
    /// keys, ours → librdkafka (default):
    /// <list type="bullet">
    /// <item><c>group.id</c>, <c>group.instance.id</c>, <c>client.id</c> → same (without a group.id, a private unused one)</item>
    /// <item><c>auto.offset.reset</c> → same; none → <c>error</c> (latest)</item>
    /// <item><c>isolation.level</c> → same (read_uncommitted, as Kafka's Java client; librdkafka: read_committed); exactly-once → read_committed</item>
    /// <item><c>enable.auto.commit</c> (true; off unless at-least-once), <c>auto.commit.interval.ms</c> (5000),
    /// <c>enable.auto.offset.store</c> (true) → librdkafka's are off: the transport stores a record's offset when the
    /// application comes back for the next one (librdkafka would store it when handing it out), and commits the stored
    /// offsets at the first Consume call after each interval (0: at every call; librdkafka's 0 means never), before
    /// partitions are revoked, and on close — as the in-process transport does</item>
    /// <item><c>session.timeout.ms</c> (45000), <c>heartbeat.interval.ms</c> (3000), <c>max.poll.interval.ms</c> (300000) → same</item>
    /// <item><c>partition.assignment.strategy</c> → librdkafka's names (range, roundrobin, cooperative-sticky); a list that
    /// mixes eager and cooperative assignors (the default range,cooperative-sticky) keeps those of the first one's kind,
    /// which is the one Kafka's Java client uses, since librdkafka refuses the mix. A list that names a custom
    /// <see cref="IPartitionAssignor"/> is not given to librdkafka at all: the transport joins the group itself
    /// (<see cref="MembershipOptions"/>: every assignor of the list, custom or built-in, is offered to the group, in order)
    /// and assigns librdkafka's consumer by hand</item>
    /// <item>with a custom assignor only: <c>default.api.timeout.ms</c> (60000, not passed to librdkafka),
    /// <c>request.timeout.ms</c> (30000), <c>retry.backoff.ms</c> (100), <c>metadata.max.age.ms</c> (300000) and
    /// <c>client.rack</c> are read for the membership; it speaks plaintext only, so another <c>security.protocol</c> is refused</item>
    /// <item><c>fetch.max.bytes</c> (52428800) → same, with <c>receive.message.max.bytes</c> raised to fit it</item>
    /// <item><c>max.partition.fetch.bytes</c> (1048576) → same</item>
    /// <item><c>fetch.max.wait.ms</c> → <c>fetch.wait.max.ms</c> (500)</item>
    /// <item><c>check.crcs</c> → same (true; librdkafka: false)</item>
    /// <item><c>enable.partition.eof</c> → same (false)</item>
    /// <item><c>max.poll.records</c> → not passed: the most records one ConsumeBatch returns (500)</item>
    /// </list>
    /// </summary>
    /// <exception cref="FeatureNotSupportedException">The strategy names a custom assignor and the connection is not plaintext.</exception>
    public static KafkaConsumerConfig ToConsumer(KafkaTransportOptions options, ConsumerConfig config, IReadOnlyList<IPartitionAssignor> customAssignors)
    {
        var settings = ConsumerSettings.From(config);
        var result = Start(options, config, out _);
        result["client.id"] = settings.ClientId;
        // Confluent.Kafka insists on a group.id even for a consumer that only assigns partitions: such a consumer gets a
        // private one, never joined and never committed to (the transport refuses commits without the application's group.id).
        result["group.id"] = settings.GroupId ?? $"streaming-unjoined-{settings.ClientId}-{Guid.NewGuid():N}";
        if (settings.GroupInstanceId is { } instance) result["group.instance.id"] = instance;
        result["auto.offset.reset"] = settings.AutoOffsetReset switch
        {
            AutoOffsetReset.Earliest => "earliest",
            AutoOffsetReset.Latest => "latest",
            _ => "error",
        };
        result["isolation.level"] = settings.IsolationLevel == IsolationLevel.ReadCommitted ? "read_committed" : "read_uncommitted";
        result["enable.auto.commit"] = "false";
        result["enable.auto.offset.store"] = "false";
        result["session.timeout.ms"] = Format(settings.SessionTimeoutMs);
        result["heartbeat.interval.ms"] = Format(settings.HeartbeatIntervalMs);
        result["max.poll.interval.ms"] = Format(settings.MaxPollIntervalMs);
        var membershipAssignors = MembershipAssignors(settings.AssignmentStrategy, customAssignors);
        // With a custom assignor librdkafka never subscribes (the transport assigns it by hand), so its strategy is unused.
        result["partition.assignment.strategy"] = membershipAssignors is null ? AssignmentStrategy(settings.AssignmentStrategy) : "range";
        int fetchMaxBytes = config.GetInt("fetch.max.bytes", 52_428_800, 1);
        result["fetch.max.bytes"] = Format(fetchMaxBytes);
        result["receive.message.max.bytes"] = Format(Math.Max(100_000_000L, fetchMaxBytes + 512L));
        result["max.partition.fetch.bytes"] = Format(settings.MaxPartitionFetchBytes);
        result["fetch.wait.max.ms"] = Format((long)settings.FetchMaxWait.TotalMilliseconds);
        result["check.crcs"] = Format(settings.CheckCrcs);
        result["enable.partition.eof"] = Format(settings.EnablePartitionEof);
        int maxPollRecords = config.GetInt("max.poll.records", 500, 1);
        MembershipOptions? membership = null;
        if (membershipAssignors is not null && settings.GroupId is { } groupId)
        {
            if (result.TryGetValue("security.protocol", out var security) && !security.Equals("plaintext", StringComparison.OrdinalIgnoreCase))
                throw new FeatureNotSupportedException($"partition.assignment.strategy names the custom assignor '{membershipAssignors.First(customAssignors.Contains).Name}', " +
                    $"for which the Kafka transport joins the group itself, over plaintext connections only; security.protocol is '{security}'");
            membership = new MembershipOptions(
                result["bootstrap.servers"], settings.ClientId, groupId, settings.GroupInstanceId, config.Get("client.rack"),
                TimeSpan.FromMilliseconds(settings.SessionTimeoutMs), TimeSpan.FromMilliseconds(settings.HeartbeatIntervalMs),
                TimeSpan.FromMilliseconds(settings.MaxPollIntervalMs),
                RequestTimeout: TimeSpan.FromMilliseconds(config.GetInt("request.timeout.ms", 30_000, 1)),
                ApiTimeout: TimeSpan.FromMilliseconds(config.GetInt("default.api.timeout.ms", 60_000, 1)),
                RetryBackoff: TimeSpan.FromMilliseconds(config.GetInt("retry.backoff.ms", 100, 0)),
                MetadataMaxAge: TimeSpan.FromMilliseconds(config.GetInt("metadata.max.age.ms", 300_000, 1)),
                RequireStable: settings.IsolationLevel == IsolationLevel.ReadCommitted,
                membershipAssignors);
        }
        return new KafkaConsumerConfig(settings, result, maxPollRecords, membership);
    }

    /// <summary>
    /// The assignors to run with the transport's own membership — every one the strategy names, custom or built-in, in
    /// order — or null when it names no custom assignor (then librdkafka runs the group).
    /// </summary>
    private static List<IPartitionAssignor>? MembershipAssignors(IReadOnlyList<string> names, IReadOnlyList<IPartitionAssignor> customAssignors)
    {
        if (!names.Any(name => customAssignors.Any(a => a.Name == name))) return null;
        var assignors = new List<IPartitionAssignor>();
        foreach (var name in names)
        {
            var assignor = customAssignors.FirstOrDefault(a => a.Name == name) ?? PartitionAssignors.ByName(name);
            if (!assignors.Any(a => a.Name == assignor.Name)) assignors.Add(assignor);
        }
        return assignors;
    }

    /// <summary>Translates the built-in assignor names; eager and cooperative ones are not mixed.</summary>
    private static string AssignmentStrategy(IReadOnlyList<string> names)
    {
        var assignors = new List<IPartitionAssignor>();
        foreach (var name in names)
        {
            var assignor = PartitionAssignors.ByName(name);
            if (!assignors.Contains(assignor)) assignors.Add(assignor);
        }
        var protocol = assignors[0].Protocol;
        return string.Join(',', assignors.Where(a => a.Protocol == protocol).Select(a => a.Name));
    }
}
