namespace Streaming.Kafka.Membership;

/// <summary>What a <see cref="GroupMembership"/> is configured with, read from the consumer's configuration (Kafka's Java names).</summary>
/// <param name="BootstrapServers">Brokers to find the coordinator through.</param>
/// <param name="ClientId"><c>client.id</c>.</param>
/// <param name="GroupId"><c>group.id</c>.</param>
/// <param name="GroupInstanceId"><c>group.instance.id</c> (static membership), or null.</param>
/// <param name="Rack"><c>client.rack</c>, sent in the subscription for rack-aware assignors, or null.</param>
/// <param name="SessionTimeout"><c>session.timeout.ms</c>: the coordinator evicts a member it has not heard from for this long.</param>
/// <param name="HeartbeatInterval"><c>heartbeat.interval.ms</c>.</param>
/// <param name="MaxPollInterval"><c>max.poll.interval.ms</c>: also the rebalance timeout sent in JoinGroup, as Kafka's Java client does.</param>
/// <param name="RequestTimeout"><c>request.timeout.ms</c> (30000): one request's answer, or a connection attempt.</param>
/// <param name="ApiTimeout"><c>default.api.timeout.ms</c> (60000): a commit without a timeout; how long an unreachable coordinator is retried before Consume reports it.</param>
/// <param name="RetryBackoff"><c>retry.backoff.ms</c> (100).</param>
/// <param name="MetadataMaxAge"><c>metadata.max.age.ms</c> (300000): how often subscribed topics are checked for new partitions or, for a pattern, new topics.</param>
/// <param name="RequireStable">Offsets of open transactions are waited for (read_committed, KIP-447).</param>
/// <param name="Assignors">The assignors of <c>partition.assignment.strategy</c>, in order (custom and built-in).</param>
internal sealed record MembershipOptions(
    string BootstrapServers,
    string ClientId,
    string GroupId,
    string? GroupInstanceId,
    string? Rack,
    TimeSpan SessionTimeout,
    TimeSpan HeartbeatInterval,
    TimeSpan MaxPollInterval,
    TimeSpan RequestTimeout,
    TimeSpan ApiTimeout,
    TimeSpan RetryBackoff,
    TimeSpan MetadataMaxAge,
    bool RequireStable,
    IReadOnlyList<IPartitionAssignor> Assignors)
{
    /// <summary>How long a JoinGroup or SyncGroup may wait: the rebalance timeout and 5 s more, as Kafka's Java client allows.</summary>
    public TimeSpan RebalanceRequestTimeout => MaxPollInterval + TimeSpan.FromSeconds(5) > RequestTimeout ? MaxPollInterval + TimeSpan.FromSeconds(5) : RequestTimeout;
}
