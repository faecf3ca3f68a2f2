namespace Streaming.Kafka.Membership;

/// <summary>
/// The consumer a <see cref="GroupMembership"/> works for: it owns the partitions, runs the application's rebalance
/// handlers and assigns its Confluent.Kafka consumer. The membership calls it on the application's thread, inside Consume.
/// </summary>
internal interface IMembershipHost
{
    /// <summary>The partitions the consumer owns now.</summary>
    IReadOnlyList<TopicPartition> Owned { get; }

    /// <summary>Gives partitions up in a rebalance: commit what was processed (auto-commit), revoked handler, unassign.</summary>
    void Revoke(IReadOnlyList<TopicPartition> partitions);

    /// <summary>Drops partitions that already belong to someone else (eviction): lost handler, unassign, nothing committed.</summary>
    void Lose(IReadOnlyList<TopicPartition> partitions);

    /// <summary>Takes new partitions: assigned handler (when <paramref name="invokeHandler"/>), then fetching from their committed offsets.</summary>
    void Assign(IReadOnlyList<TopicPartition> partitions, bool invokeHandler);
}
