namespace Streaming.Broker.Groups;

internal sealed partial class GroupCoordinator
{
    /// <summary>
    /// Commits offsets for a group. A member commits with its member id and current generation; a consumer that assigns
    /// partitions itself commits with generation -1 and no member id, which is accepted only while the group has no members.
    /// </summary>
    public async Task CommitOffsetsAsync(string groupId, int generation, string memberId, string? instanceId,
        IReadOnlyList<(TopicPartition Partition, long Offset, string? Metadata)> offsets)
    {
        CheckCommit(groupId, generation, memberId, instanceId, offsets, transactional: false);
        await Offsets.CommitAsync(groupId, offsets).ConfigureAwait(false);
    }

    /// <summary>
    /// Offsets committed inside producer <paramref name="producerId"/>'s transaction (TxnOffsetCommit). A consumer that
    /// passes its member id and generation is checked as for a normal commit, so a zombie left behind by a rebalance
    /// cannot commit (KIP-447); generation -1 without a member id skips the check, as Kafka does for older clients.
    /// </summary>
    public async Task CommitTransactionalOffsetsAsync(string groupId, int generation, string memberId, string? instanceId,
        long producerId, short producerEpoch, IReadOnlyList<(TopicPartition Partition, long Offset, string? Metadata)> offsets)
    {
        CheckCommit(groupId, generation, memberId, instanceId, offsets, transactional: true);
        await Offsets.CommitTransactionalAsync(groupId, producerId, producerEpoch, offsets).ConfigureAwait(false);
    }

    private void CheckCommit(string groupId, int generation, string memberId, string? instanceId,
        IReadOnlyList<(TopicPartition Partition, long Offset, string? Metadata)> offsets, bool transactional)
    {
        ValidateGroupId(groupId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var (tp, offset, _) in offsets)
            if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offsets), offset, $"the offset committed for {tp} must not be negative");
        var group = _groups.GetOrAdd(groupId, id => new ConsumerGroup(id) { EmptySince = _time.GetUtcNow() });
        lock (group.Lock)
        {
            if (group.State == ConsumerGroupState.Dead) throw new GroupIdNotFoundException($"consumer group '{groupId}' is being deleted");
            if (generation < 0 && memberId.Length == 0)
            {
                // A transactional commit without membership is not checked (Kafka's rule for clients before KIP-447).
                if (!transactional && group.Members.Count > 0)
                    throw new GroupMembershipException(ErrorCode.UnknownMemberId, $"consumer group '{groupId}' has {group.Members.Count} active members: a consumer outside the group (generation -1) cannot commit for it");
                return;
            }
            var error = CheckMember(group, memberId, instanceId, generation);
            if (error != ErrorCode.None)
                throw new GroupMembershipException(error, $"{(transactional ? "transactional commit" : "commit")} for group '{groupId}' refused: {error} (member '{memberId}', generation {generation}, group generation {group.Generation})");
            if (!transactional && group.State == ConsumerGroupState.CompletingRebalance)
                throw new RebalanceInProgressException($"consumer group '{groupId}' is completing a rebalance; commit again after it");
        }
    }
}
