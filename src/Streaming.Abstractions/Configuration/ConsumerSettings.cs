namespace Streaming;

/// <summary>
/// A consumer's configuration, read and checked once when the consumer is built: defaults applied and the
/// delivery-guarantee rules enforced. Every transport builds its consumers from it.
/// </summary>
public sealed record ConsumerSettings
{
    public required string ClientId { get; init; }
    public required string? GroupId { get; init; }
    public required AutoOffsetReset AutoOffsetReset { get; init; }
    public required int MaxPartitionFetchBytes { get; init; }
    public required TimeSpan FetchMaxWait { get; init; }
    public required bool CheckCrcs { get; init; }
    public required bool EnablePartitionEof { get; init; }
    public required string? GroupInstanceId { get; init; }
    public required int SessionTimeoutMs { get; init; }
    public required int HeartbeatIntervalMs { get; init; }
    public required int MaxPollIntervalMs { get; init; }
    public required bool EnableAutoCommit { get; init; }
    public required int AutoCommitIntervalMs { get; init; }
    public required bool EnableAutoOffsetStore { get; init; }
    public required IReadOnlyList<string> AssignmentStrategy { get; init; }
    public required DeliveryGuarantee DeliveryGuarantee { get; init; }
    public required IsolationLevel IsolationLevel { get; init; }

    private static int _clientCounter;

    /// <summary>Reads and checks <paramref name="config"/>.</summary>
    /// <exception cref="InvalidConfigurationException">A value is malformed, out of range or conflicts with the delivery guarantee.</exception>
    public static ConsumerSettings From(ConsumerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.GroupId is { } group && string.IsNullOrWhiteSpace(group))
            throw new InvalidConfigurationException("'group.id' is empty: leave it unset or give the group a name");
        var guarantee = config.DeliveryGuarantee ?? DeliveryGuarantee.AtLeastOnce;
        if (guarantee == DeliveryGuarantee.ExactlyOnce && config.IsolationLevel == IsolationLevel.ReadUncommitted)
            throw new InvalidConfigurationException("delivery.guarantee exactly-once reads only committed records, but isolation.level is read_uncommitted");
        if (guarantee == DeliveryGuarantee.ExactlyOnce && config.EnableAutoCommit == true)
            throw new InvalidConfigurationException("delivery.guarantee exactly-once commits offsets inside the producer's transaction, but enable.auto.commit=true is set too");
        if (config.GroupInstanceId is { } instance && string.IsNullOrWhiteSpace(instance))
            throw new InvalidConfigurationException("'group.instance.id' is empty: leave it unset or give the member a stable name");
        int session = config.GetInt("session.timeout.ms", 45_000, 1);
        int heartbeat = config.GetInt("heartbeat.interval.ms", 3_000, 1);
        if (heartbeat >= session)
            throw new InvalidConfigurationException($"'heartbeat.interval.ms' ({heartbeat}) must be lower than 'session.timeout.ms' ({session})");
        var strategy = (config.PartitionAssignmentStrategy ?? "range,cooperative-sticky")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (strategy.Length == 0) throw new InvalidConfigurationException("'partition.assignment.strategy' names no assignor");
        return new ConsumerSettings
        {
            ClientId = config.ClientId ?? $"consumer-{Interlocked.Increment(ref _clientCounter)}",
            GroupId = config.GroupId,
            AutoOffsetReset = config.AutoOffsetReset ?? AutoOffsetReset.Latest,
            MaxPartitionFetchBytes = config.GetInt("max.partition.fetch.bytes", 1024 * 1024, 1),
            FetchMaxWait = TimeSpan.FromMilliseconds(config.GetInt("fetch.max.wait.ms", 500, 0)),
            CheckCrcs = config.GetBool("check.crcs", true),
            EnablePartitionEof = config.GetBool("enable.partition.eof", false),
            GroupInstanceId = config.GroupInstanceId,
            SessionTimeoutMs = session,
            HeartbeatIntervalMs = heartbeat,
            MaxPollIntervalMs = config.GetInt("max.poll.interval.ms", 300_000, 1),
            // At-most-once commits before records are handed out, so the periodic commit of processed records is off.
            EnableAutoCommit = guarantee == DeliveryGuarantee.AtLeastOnce && config.GetBool("enable.auto.commit", true),
            AutoCommitIntervalMs = config.GetInt("auto.commit.interval.ms", 5_000, 0),
            EnableAutoOffsetStore = config.GetBool("enable.auto.offset.store", true),
            AssignmentStrategy = strategy,
            DeliveryGuarantee = guarantee,
            IsolationLevel = guarantee == DeliveryGuarantee.ExactlyOnce ? IsolationLevel.ReadCommitted : config.IsolationLevel ?? IsolationLevel.ReadUncommitted,
        };
    }
}
