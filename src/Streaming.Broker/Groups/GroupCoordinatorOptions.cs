namespace Streaming.Broker.Groups;

/// <summary>The group coordinator's settings, with Kafka's broker config names and defaults.</summary>
internal sealed record GroupCoordinatorOptions
{
    /// <summary><c>group.initial.rebalance.delay.ms</c>: how long the first rebalance of an empty group waits for more members.</summary>
    public TimeSpan InitialRebalanceDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary><c>group.min.session.timeout.ms</c>.</summary>
    public int MinSessionTimeoutMs { get; init; } = 6000;

    /// <summary><c>group.max.session.timeout.ms</c>.</summary>
    public int MaxSessionTimeoutMs { get; init; } = 1_800_000;

    /// <summary><c>offsets.retention.minutes</c>: offsets of a group that stays empty this long are deleted.</summary>
    public TimeSpan OffsetsRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary><c>offsets.retention.check.interval.ms</c>.</summary>
    public TimeSpan OffsetsRetentionCheckInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>offsets.topic.num.partitions</c>.</summary>
    public int OffsetsTopicPartitions { get; init; } = 50;
}
