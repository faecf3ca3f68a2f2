using Streaming.Protocol.Messages;

namespace Streaming.Kafka.Membership;

/// <summary>
/// OffsetCommit with this member's id and generation — the coordinator refuses it once the generation is stale, so a
/// member left behind by a rebalance cannot overwrite its successor's progress — and OffsetFetch for Committed.
/// </summary>
internal sealed partial class GroupMembership
{
    /// <summary>Commits <paramref name="offsets"/> for the current generation and waits up to <paramref name="timeout"/>.</summary>
    /// <exception cref="CommitFailedException">The generation is stale or the member was evicted: the partitions may belong to another member.</exception>
    /// <exception cref="RebalanceInProgressException">The group is rebalancing; commit again after the next Consume.</exception>
    /// <exception cref="TimeoutException">The coordinator did not accept it in time.</exception>
    public void Commit(IReadOnlyList<TopicPartitionOffset> offsets, TimeSpan timeout)
    {
        if (offsets.Count == 0) return;
        string memberId;
        int generation;
        lock (_lock)
        {
            if (_fatal is { } fatal) throw fatal;
            memberId = _memberId;
            generation = _generation;
        }
        var topics = offsets.GroupBy(o => o.Topic, StringComparer.Ordinal).Select(g => new OffsetCommitRequestTopic
        {
            Name = g.Key,
            Partitions = [.. g.Select(o => new OffsetCommitRequestPartition { PartitionIndex = o.Partition, CommittedOffset = o.Offset.Value, CommittedMetadata = "" })],
        }).ToList();
        var response = WithCoordinator(CoordinatorLane.Control, async (connection, ct) =>
        {
            short version = connection.Version(ApiKey.OffsetCommit);
            var request = new OffsetCommitRequest
            {
                GroupId = _options.GroupId,
                GenerationIdOrMemberEpoch = generation,
                MemberId = memberId,
                GroupInstanceId = version >= 7 ? _options.GroupInstanceId : null,
                Topics = topics,
            };
            var answer = await connection.SendAsync<OffsetCommitRequest, OffsetCommitResponse>(request, version, _options.RequestTimeout, ct).ConfigureAwait(false);
            short first = answer.Topics.SelectMany(t => t.Partitions).Select(p => p.ErrorCode).FirstOrDefault(MembershipErrors.IsCoordinatorError);
            return (answer, first);
        }, timeout, "commit offsets");
        foreach (var topic in response.Topics)
        {
            foreach (var partition in topic.Partitions)
            {
                if (partition.ErrorCode == 0) continue;
                throw CommitError(partition.ErrorCode, $"{topic.Name}[{partition.PartitionIndex}]", memberId, generation);
            }
        }
    }

    private StreamingException CommitError(short code, string partition, string memberId, int generation)
    {
        var error = (ErrorCode)code;
        switch (error)
        {
            case ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId:
                lock (_lock)
                {
                    if (_memberId == memberId && _generation == generation)
                        MarkLost(error == ErrorCode.UnknownMemberId, $"an offset commit was refused with {error}");
                }
                return new CommitFailedException($"commit of {partition} for group '{_options.GroupId}' refused: generation {generation} of member '{memberId}' " +
                    $"is no longer current ({error}); the group rebalanced or this member was evicted, and the partitions may belong to another member now");
            case ErrorCode.FencedInstanceId:
                return new CommitFailedException($"commit for group '{_options.GroupId}' refused: another consumer with group.instance.id '{_options.GroupInstanceId}' took over");
            case ErrorCode.RebalanceInProgress:
                RequestRejoin();
                return new RebalanceInProgressException($"commit of {partition} for group '{_options.GroupId}' refused: the group is rebalancing; " +
                    "the next Consume completes the rebalance, then commit what this member still owns");
            default:
                return MembershipErrors.ToException(code, $"committing {partition} for group '{_options.GroupId}' failed");
        }
    }

    /// <summary>The group's committed offsets (<see cref="Offset.Unset"/> where none), within <paramref name="timeout"/>.</summary>
    public IReadOnlyList<TopicPartitionOffset> Committed(IReadOnlyList<TopicPartition> partitions, TimeSpan timeout)
    {
        if (partitions.Count == 0) return [];
        var topics = partitions.GroupBy(p => p.Topic, StringComparer.Ordinal)
            .Select(g => new OffsetFetchRequestTopic { Name = g.Key, PartitionIndexes = [.. g.Select(p => p.Partition)] }).ToList();
        var found = new Dictionary<TopicPartition, long>();
        long deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            var left = TimeSpan.FromSeconds(Math.Max(0, deadline - _time.GetTimestamp()) / (double)_time.TimestampFrequency);
            var topicResults = WithCoordinator(CoordinatorLane.Control, async (connection, ct) =>
            {
                short version = connection.Version(ApiKey.OffsetFetch);
                var request = version >= 8
                    ? new OffsetFetchRequest { Groups = [new OffsetFetchRequestGroup { GroupId = _options.GroupId, Topics = topics }], RequireStable = _options.RequireStable }
                    : new OffsetFetchRequest { GroupId = _options.GroupId, Topics = topics, RequireStable = version >= 7 && _options.RequireStable };
                var answer = await connection.SendAsync<OffsetFetchRequest, OffsetFetchResponse>(request, version, _options.RequestTimeout, ct).ConfigureAwait(false);
                var group = version >= 8 ? answer.Groups.FirstOrDefault() : null;
                short groupError = version >= 8 ? group?.ErrorCode ?? 0 : answer.ErrorCode;
                return (version >= 8 ? group?.Topics ?? [] : answer.Topics, groupError);
            }, left, "fetch committed offsets");
            bool unstable = false;
            foreach (var topic in topicResults)
            {
                foreach (var partition in topic.Partitions)
                {
                    if ((ErrorCode)partition.ErrorCode == ErrorCode.UnstableOffsetCommit)
                    {
                        unstable = true; // a transaction holding offsets for it is still open (KIP-447): ask again
                        continue;
                    }
                    if (partition.ErrorCode != 0)
                        throw MembershipErrors.ToException(partition.ErrorCode, $"fetching the committed offset of {topic.Name}[{partition.PartitionIndex}] for group '{_options.GroupId}' failed");
                    found[new TopicPartition(topic.Name, partition.PartitionIndex)] = partition.CommittedOffset;
                }
            }
            if (!unstable) break;
            if (_time.GetTimestamp() >= deadline)
                throw new UnstableOffsetCommitException($"group '{_options.GroupId}' has offsets of an open transaction for some of the partitions; they did not settle within {timeout.TotalMilliseconds:0} ms");
            _closing.Token.WaitHandle.WaitOne(_options.RetryBackoff);
        }
        return partitions.Select(tp => new TopicPartitionOffset(tp, found.TryGetValue(tp, out long o) && o >= 0 ? new Offset(o) : Offset.Unset)).ToArray();
    }

    /// <summary>
    /// Sends a request to the coordinator until it is answered by the right coordinator or <paramref name="timeout"/>
    /// passes: connection failures and NOT_COORDINATOR-like answers (the call reports the first such code) find the
    /// coordinator again and retry after <c>retry.backoff.ms</c>. A group-level error in the answer is thrown.
    /// </summary>
    private T WithCoordinator<T>(CoordinatorLane lane, Func<BrokerConnection, CancellationToken, Task<(T Result, short Error)>> call, TimeSpan timeout, string what)
    {
        long deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        Exception? last = null;
        while (true)
        {
            var left = TimeSpan.FromSeconds(Math.Max(0, deadline - _time.GetTimestamp()) / (double)_time.TimestampFrequency);
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"consumer {_options.ClientId} could not {what} of group '{_options.GroupId}' within {timeout.TotalMilliseconds:0} ms " +
                    $"(bootstrap servers {_coordinator.BootstrapServers}, coordinator {_coordinator.CoordinatorEndpoint}){(last is null ? "" : $": {last.Message}")}", last);
            }
            try
            {
                var (result, error) = RunSync(async ct =>
                {
                    var connection = await _coordinator.CoordinatorAsync(lane, ct).ConfigureAwait(false);
                    return await call(connection, ct).ConfigureAwait(false);
                }, left);
                if (error == 0) return result;
                if (!MembershipErrors.IsCoordinatorError(error)) throw MembershipErrors.ToException(error, $"could not {what} of group '{_options.GroupId}'");
                last = MembershipErrors.ToException(error, "the coordinator answered");
            }
            catch (Exception ex) when (ex is RetriableException and not TimeoutException || ex is TimeoutException && _time.GetTimestamp() < deadline)
            {
                last = ex;
            }
            _coordinator.MarkCoordinatorDead();
            _closing.Token.WaitHandle.WaitOne(_options.RetryBackoff);
        }
    }
}
