using System.Diagnostics;
using Streaming.Kafka.Internal;
using Streaming.Kafka.Membership;
using CK = Confluent.Kafka;

namespace Streaming.Kafka.Consumer;

/// <summary>
/// The consumer with a custom assignor: the transport's own <see cref="GroupMembership"/> joins the group and this
/// consumer assigns its Confluent.Kafka consumer by hand (incrementally, so partitions it keeps keep their fetch state).
/// Newly assigned partitions start where the group committed (librdkafka's OffsetFetch for a manual assignment),
/// else at <c>auto.offset.reset</c>, unless the assigned handler sought them elsewhere.
/// </summary>
internal sealed partial class KafkaConsumer<TKey, TValue> : IMembershipHost
{
    // How long one librdkafka consume waits while the membership may need the thread (a rebalance to act on).
    private static readonly TimeSpan MembershipSlice = TimeSpan.FromMilliseconds(50);

    private readonly GroupMembership? _membership;
    private readonly TimeSpan _apiTimeout;
    private ConsumerGroupMetadata? _lastGroupMetadata;

    /// <summary>The transport's own membership (custom assignors), or null when librdkafka runs the group.</summary>
    internal GroupMembership? Membership => _membership;

    IReadOnlyList<TopicPartition> IMembershipHost.Owned => _assignment;

    void IMembershipHost.Revoke(IReadOnlyList<TopicPartition> partitions)
    {
        try
        {
            RevokeCore(partitions, lost: false);
        }
        finally
        {
            Run(() => _consumer.IncrementalUnassign(partitions.Select(p => p.ToConfluent())), "IncrementalUnassign");
        }
    }

    void IMembershipHost.Lose(IReadOnlyList<TopicPartition> partitions)
    {
        try
        {
            RevokeCore(partitions, lost: true);
        }
        finally
        {
            Run(() => _consumer.IncrementalUnassign(partitions.Select(p => p.ToConfluent())), "IncrementalUnassign");
        }
    }

    void IMembershipHost.Assign(IReadOnlyList<TopicPartition> partitions, bool invokeHandler)
    {
        CK.TopicPartitionOffset[] offsets;
        try
        {
            offsets = AssignCore(partitions, invokeHandler);
        }
        catch (InvalidStateException)
        {
            // The handler threw: the partitions are this member's all the same; they start at their committed offsets.
            Run(() => _consumer.IncrementalAssign(partitions.Select(p => new CK.TopicPartitionOffset(p.ToConfluent(), CK.Offset.Unset))), "IncrementalAssign");
            throw;
        }
        if (offsets.Length > 0) Run(() => _consumer.IncrementalAssign(offsets), "IncrementalAssign");
        ApplyDeferredPauses();
    }

    /// <summary>Between librdkafka consumes: lets the membership act (handlers run here), and bounds the next wait.</summary>
    private TimeSpan DriveMembership(TimeSpan wait)
    {
        var membership = _membership!;
        // Owning nothing, no record can arrive: the membership may use the whole wait for its answers.
        bool idle = _assignment.Count == 0 && membership.IsRebalancing;
        membership.Poll(this, idle ? Min(wait, TimeSpan.FromMilliseconds(500)) : TimeSpan.Zero);
        return wait == Timeout.InfiniteTimeSpan || wait > MembershipSlice ? MembershipSlice : wait;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a == Timeout.InfiniteTimeSpan ? b : a < b ? a : b;

    private ConsumerGroupMetadata SelfManagedGroupMetadata(string group)
    {
        var (memberId, generation) = _membership!.Current;
        if (_lastGroupMetadata is { } last && last.GenerationId == generation && last.MemberId == memberId) return last;
        var metadata = new ConsumerGroupMetadata(group, generation, memberId, _settings.GroupInstanceId);
        var confluent = GroupMetadataWriter.TryCreate(group, generation, memberId, _settings.GroupInstanceId)
            ?? _consumer.ConsumerGroupMetadata; // never joined by librdkafka: generation -1, accepted unfenced
        _groupMetadata.Register(metadata, confluent);
        _lastGroupMetadata = metadata;
        return metadata;
    }

    /// <summary>Close or Unsubscribe: commit (auto-commit), revoke, leave the group so the others take over at once.</summary>
    private void LeaveSelfManagedGroup(string reason)
    {
        var owned = _assignment.ToArray();
        if (owned.Length > 0) ((IMembershipHost)this).Revoke(owned);
        _membership!.Leave(reason);
    }

    private void DisposeMembership()
    {
        if (_membership is null) return;
        try
        {
            if (!_membership.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10)))
                Trace.TraceWarning($"consumer {Name}: the group membership did not stop within 10 s");
        }
        catch (AggregateException ex)
        {
            Trace.TraceWarning($"consumer {Name}: stopping the group membership failed: {ex.GetBaseException().Message}");
        }
    }
}
