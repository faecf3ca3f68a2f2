using System.Diagnostics;

namespace Streaming.Broker.InProcess;

/// <summary>Offsets: stored offsets, auto-commit, explicit commits and the group's committed offsets.</summary>
internal sealed partial class InProcessConsumer<TKey, TValue>
{
    private readonly Dictionary<TopicPartition, long> _stored = [];
    private long _lastAutoCommit;

    /// <summary>Stores the position of every partition: the application came back for more, so what it got was processed.</summary>
    private void StoreHandedOut()
    {
        foreach (var state in _assigned)
            if (state.Position != PartitionState.Unresolved && state.HandedOut) _stored[state.TopicPartition] = state.Position;
    }

    private void MaybeAutoCommit()
    {
        if (!_settings.EnableAutoCommit || _stored.Count == 0) return;
        if (_broker.Time.GetElapsedTime(_lastAutoCommit) < TimeSpan.FromMilliseconds(_settings.AutoCommitIntervalMs)) return;
        CommitStored();
    }

    private void CommitStored()
    {
        _lastAutoCommit = _broker.Time.GetTimestamp();
        if (_stored.Count == 0) return;
        var offsets = _stored.Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToArray();
        try
        {
            CommitCore(offsets);
            foreach (var o in offsets)
                if (_stored.TryGetValue(o.TopicPartition, out long v) && v == o.Offset.Value) _stored.Remove(o.TopicPartition);
        }
        catch (StreamingException ex) when (ex is RebalanceInProgressException or CommitFailedException)
        {
            // Auto-commit retries at the next interval or on revoke; the rebalance itself is handled by the poll.
        }
    }

    /// <summary>Before partitions go away in a rebalance: commit what was processed on them (auto-commit only).</summary>
    private void CommitOnRevoke(IReadOnlyCollection<TopicPartition> revoked)
    {
        if (!_settings.EnableAutoCommit) return;
        if (_settings.EnableAutoOffsetStore) StoreHandedOut();
        var offsets = _stored.Where(kv => revoked.Contains(kv.Key)).Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToArray();
        if (offsets.Length == 0) return;
        try
        {
            CommitCore(offsets);
            foreach (var o in offsets) _stored.Remove(o.TopicPartition);
        }
        catch (StreamingException ex) when (ex is RebalanceInProgressException or CommitFailedException)
        {
            // The group moved on without us: the next owner resumes from the last successful commit (at-least-once).
        }
    }

    public IReadOnlyList<TopicPartitionOffset> Commit()
    {
        ThrowIfDisposed();
        var offsets = _assigned.Where(s => s.Position != PartitionState.Unresolved)
            .Select(s => new TopicPartitionOffset(s.TopicPartition, s.Position)).ToArray();
        CommitCore(offsets);
        return offsets;
    }

    public void Commit(IEnumerable<TopicPartitionOffset> offsets)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(offsets);
        CommitCore(offsets.ToArray());
    }

    public Task<IReadOnlyList<TopicPartitionOffset>> CommitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var offsets = _assigned.Where(s => s.Position != PartitionState.Unresolved)
            .Select(s => new TopicPartitionOffset(s.TopicPartition, s.Position)).ToArray();
        return CommitCoreAsync(offsets).ContinueWith<IReadOnlyList<TopicPartitionOffset>>(t =>
        {
            t.GetAwaiter().GetResult();
            return offsets;
        }, cancellationToken, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public Task CommitAsync(IEnumerable<TopicPartitionOffset> offsets, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(offsets);
        return CommitCoreAsync(offsets.ToArray()).WaitAsync(cancellationToken);
    }

    private void CommitCore(TopicPartitionOffset[] offsets) => CommitCoreAsync(offsets).GetAwaiter().GetResult();

    private Task CommitCoreAsync(TopicPartitionOffset[] offsets)
    {
        if (_settings.GroupId is null)
            return Task.FromException(new InvalidConfigurationException("committing offsets needs 'group.id'"));
        foreach (var o in offsets)
        {
            // The broker cannot know who owns a partition; the client does, so it refuses a commit for one it does not own.
            if (!_assigned.Any(s => s.TopicPartition == o.TopicPartition))
                return Task.FromException(new InvalidStateException($"cannot commit {o.TopicPartition}: it is not assigned to this consumer"));
            if (o.Offset.Value < 0)
                return Task.FromException(new ArgumentOutOfRangeException(nameof(offsets), o.Offset.Value, $"the offset committed for {o.TopicPartition} must be a concrete, non-negative offset"));
        }
        if (offsets.Length == 0) return Task.CompletedTask;
        string memberId;
        int generation;
        lock (_groupLock)
        {
            memberId = IsSubscribed ? _memberId : "";
            generation = IsSubscribed ? _generation : -1;
        }
        if (IsSubscribed && memberId.Length == 0)
            return Task.FromException(new CommitFailedException($"cannot commit for group '{_settings.GroupId}': this consumer is not a member right now (rebalance or eviction); its partitions may belong to another member"));
        var list = offsets.Select(o => (o.TopicPartition, o.Offset.Value, (string?)null)).ToArray();
        return CommitWithMapping(_broker.Groups.CommitOffsetsAsync(_settings.GroupId, generation, memberId, _settings.GroupInstanceId, list));
    }

    private async Task CommitWithMapping(Task commit)
    {
        try
        {
            await commit.ConfigureAwait(false);
        }
        catch (GroupMembershipException ex) when (ex.Code is ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId or ErrorCode.FencedInstanceId)
        {
            _needsRejoin = true;
            throw new CommitFailedException($"commit refused: the group rebalanced or this member was evicted ({ex.Message}); the partitions may belong to another member now", ex);
        }
    }

    public void StoreOffset(ConsumeResult<TKey, TValue> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        StoreOffset(new TopicPartitionOffset(result.TopicPartition, result.Offset.Value + 1));
    }

    public void StoreOffset(TopicPartitionOffset offset)
    {
        ThrowIfDisposed();
        if (!_assigned.Any(s => s.TopicPartition == offset.TopicPartition))
            throw new InvalidStateException($"cannot store an offset for {offset.TopicPartition}: it is not assigned to this consumer");
        ArgumentOutOfRangeException.ThrowIfNegative(offset.Offset.Value);
        _stored[offset.TopicPartition] = offset.Offset.Value;
    }

    public IReadOnlyList<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(partitions);
        if (_settings.GroupId is null) throw new InvalidConfigurationException("committed offsets belong to a group: set 'group.id'");
        var list = partitions.ToArray();
        string group = _settings.GroupId;
        var offsets = _broker.Groups.Offsets;
        if (ReadCommitted)
        {
            // KIP-447, as Kafka's read_committed consumers ask (require_stable): an offset an open transaction has
            // committed is not known until the transaction ends, so wait for it — up to the timeout.
            long deadline = Deadline(timeout);
            while (list.FirstOrDefault(tp => offsets.HasPendingTransactionalOffset(group, tp)) is { Topic: not null } unstable)
            {
                if (Stopwatch.GetTimestamp() >= deadline)
                    throw new TimeoutException($"the committed offset of {unstable} for group '{group}' is held by an open transaction (unstable offset commit) and did not settle within {timeout.TotalMilliseconds} ms");
                Thread.Sleep(UnstableOffsetRetry);
            }
        }
        return list.Select(tp => new TopicPartitionOffset(tp, offsets.Get(group, tp) is { } c ? new Offset(c.Offset) : Offset.Unset)).ToArray();
    }

    /// <summary>At-most-once: commit past everything just fetched before any of it is handed out.</summary>
    private void CommitBeforeDelivery(PartitionState state)
    {
        // Only at-most-once pays for walking the fetched batch headers; other guarantees return at once.
        if (_settings.DeliveryGuarantee != DeliveryGuarantee.AtMostOnce || _settings.GroupId is null) return;
        CommitCore([new TopicPartitionOffset(state.TopicPartition, _records.NextOffsetAfterFetch())]);
    }
}
