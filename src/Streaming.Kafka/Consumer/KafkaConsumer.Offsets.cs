using System.Diagnostics;
using Streaming.Kafka.Errors;
using Streaming.Kafka.Internal;
using CK = Confluent.Kafka;

namespace Streaming.Kafka.Consumer;

/// <summary>Stored offsets, commits and the group's committed offsets.</summary>
internal sealed partial class KafkaConsumer<TKey, TValue>
{
    private readonly Dictionary<TopicPartition, long> _stored = [];
    private long _lastAutoCommit = Stopwatch.GetTimestamp();

    /// <summary>
    /// Stores the offset after each record handed out (of <paramref name="only"/>, or every partition): the application
    /// came back for more, so what it got was processed.
    /// </summary>
    private void StoreHandedOut(IReadOnlyCollection<TopicPartition>? only)
    {
        foreach (var (tp, next) in _handedOut.ToArray())
        {
            if (only is not null && !only.Contains(tp)) continue;
            _stored[tp] = next;
            _handedOut.Remove(tp);
        }
    }

    /// <summary>Auto-commit at the first poll after each <c>auto.commit.interval.ms</c>.</summary>
    private void MaybeAutoCommit()
    {
        if (!_settings.EnableAutoCommit || _settings.GroupId is null || _stored.Count == 0) return;
        if (Stopwatch.GetElapsedTime(_lastAutoCommit) < TimeSpan.FromMilliseconds(_settings.AutoCommitIntervalMs)) return;
        CommitStored(null);
    }

    /// <summary>Commits the stored offsets (of <paramref name="only"/>, or all); a rebalance in the way is left to the next try.</summary>
    private void CommitStored(IReadOnlyCollection<TopicPartition>? only)
    {
        if (only is null) _lastAutoCommit = Stopwatch.GetTimestamp();
        var offsets = _stored.Where(kv => only is null || only.Contains(kv.Key)).Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToArray();
        if (offsets.Length == 0) return;
        try
        {
            CommitCore(offsets);
            foreach (var o in offsets)
                if (_stored.TryGetValue(o.TopicPartition, out long v) && v == o.Offset.Value) _stored.Remove(o.TopicPartition);
        }
        catch (StreamingException ex) when (ex is CommitFailedException or RebalanceInProgressException or RetriableException)
        {
            // Retried at the next interval or on revoke; the group moving on is handled by the poll (at-least-once).
            Trace.TraceInformation($"consumer {Name}: auto-commit failed: {ex.Message}");
        }
    }

    /// <summary>Auto-commit, before partitions go away in a rebalance: commit what was processed on them.</summary>
    private void CommitOnRevoke(IReadOnlyList<TopicPartition> revoked)
    {
        if (_settings.EnableAutoOffsetStore) StoreHandedOut(revoked);
        CommitStored(revoked);
    }

    /// <summary>At-most-once: commit past the records before they are handed out.</summary>
    private void CommitBeforeDelivery(TopicPartitionOffset[] offsets)
    {
        if (_settings.DeliveryGuarantee != DeliveryGuarantee.AtMostOnce || _settings.GroupId is null || offsets.Length == 0) return;
        CommitCore(offsets);
    }

    public IReadOnlyList<TopicPartitionOffset> Commit()
    {
        ThrowIfDisposed();
        var offsets = CurrentPositions();
        CommitCore(offsets);
        return offsets;
    }

    public void Commit(IEnumerable<TopicPartitionOffset> offsets)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(offsets);
        CommitCore(CheckCommittable(offsets));
    }

    public Task<IReadOnlyList<TopicPartitionOffset>> CommitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var offsets = CurrentPositions();
        return Task.Run<IReadOnlyList<TopicPartitionOffset>>(() =>
        {
            CommitCore(offsets);
            return offsets;
        }, cancellationToken);
    }

    public Task CommitAsync(IEnumerable<TopicPartitionOffset> offsets, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(offsets);
        var list = CheckCommittable(offsets);
        return Task.Run(() => CommitCore(list), cancellationToken);
    }

    private TopicPartitionOffset[] CurrentPositions()
    {
        RequireGroup("committing offsets needs 'group.id'");
        return Assignment.Select(tp => new TopicPartitionOffset(tp, Position(tp))).Where(o => o.Offset != Offset.Unset).ToArray();
    }

    private TopicPartitionOffset[] CheckCommittable(IEnumerable<TopicPartitionOffset> offsets)
    {
        RequireGroup("committing offsets needs 'group.id'");
        var list = offsets.ToArray();
        foreach (var o in list)
        {
            // The broker cannot know who owns a partition; the client does, so it refuses a commit for one it does not own.
            RequireAssigned(o.TopicPartition, "commit");
            if (o.Offset.Value < 0)
                throw new ArgumentOutOfRangeException(nameof(offsets), o.Offset.Value, $"the offset committed for {o.TopicPartition} must be a concrete, non-negative offset");
        }
        return list;
    }

    private void CommitCore(TopicPartitionOffset[] offsets)
    {
        if (offsets.Length == 0) return;
        if (_membership is not null && IsSubscribed)
        {
            // librdkafka would commit with generation -1, which the coordinator of a group with members refuses.
            _membership.Commit(offsets, _apiTimeout);
            return;
        }
        try
        {
            _consumer.Commit(offsets.Select(o => o.ToConfluent()));
        }
        catch (CK.TopicPartitionOffsetException ex)
        {
            var failed = ex.Results.First(r => r.Error.IsError);
            throw CommitError(failed.Error, ex);
        }
        catch (CK.KafkaException ex)
        {
            throw CommitError(ex.Error, ex);
        }
    }

    private StreamingException CommitError(CK.Error error, Exception inner)
    {
        if (error.Code is CK.ErrorCode.IllegalGeneration or CK.ErrorCode.UnknownMemberId or CK.ErrorCode.FencedInstanceId or CK.ErrorCode.RebalanceInProgress
            or CK.ErrorCode.Local_AssignmentLost)
        {
            return new CommitFailedException($"commit refused: the group rebalanced or this member was evicted ({KafkaErrorMapper.Describe(error)}); " +
                "the partitions may belong to another member now", inner);
        }
        return KafkaErrorMapper.Map(error, $"committing offsets of group '{_settings.GroupId}' failed", inner);
    }

    public void StoreOffset(ConsumeResult<TKey, TValue> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        StoreOffset(new TopicPartitionOffset(result.TopicPartition, result.Offset.Value + 1));
    }

    public void StoreOffset(TopicPartitionOffset offset)
    {
        ThrowIfDisposed();
        if (!_assignment.Contains(offset.TopicPartition))
            throw new InvalidStateException($"cannot store an offset for {offset.TopicPartition}: it is not assigned to this consumer");
        ArgumentOutOfRangeException.ThrowIfNegative(offset.Offset.Value);
        _handedOut.Remove(offset.TopicPartition);
        _stored[offset.TopicPartition] = offset.Offset.Value;
    }

    public IReadOnlyList<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(partitions);
        RequireGroup("committed offsets belong to a group: set 'group.id'");
        if (_membership is not null)
        {
            var asked = partitions.ToArray();
            return asked.Length == 0 ? [] : _membership.Committed(asked, timeout);
        }
        var list = partitions.Select(p => p.ToConfluent()).ToList();
        if (list.Count == 0) return [];
        var committed = Run(() => _consumer.Committed(list, timeout), "Committed");
        return committed.Select(o => new TopicPartitionOffset(o.Topic, o.Partition.Value, o.Offset.Value < 0 ? Offset.Unset : new Offset(o.Offset.Value))).ToArray();
    }

    private void RequireGroup(string message)
    {
        if (_settings.GroupId is null) throw new InvalidConfigurationException(message);
    }
}
