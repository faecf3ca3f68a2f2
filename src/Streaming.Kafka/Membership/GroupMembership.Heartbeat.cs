using System.Diagnostics;
using Streaming.Protocol.Messages;

namespace Streaming.Kafka.Membership;

/// <summary>
/// The background loop: a Heartbeat every <c>heartbeat.interval.ms</c> keeps the member in the group however slowly the
/// application polls, up to <c>max.poll.interval.ms</c>; what the coordinator answers becomes a flag for the next Poll.
/// </summary>
internal sealed partial class GroupMembership
{
    private long _lastMetadataCheck;

    /// <summary>Test hook: while true, no heartbeat is sent, as if the network to the coordinator were cut.</summary>
    internal volatile bool SuspendHeartbeats;

    private void StartHeartbeats()
    {
        if (_heartbeating is not null) return;
        _lastMetadataCheck = _time.GetTimestamp();
        _heartbeating = Task.Run(() => HeartbeatLoopAsync(_closing.Token));
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.HeartbeatInterval, _time, cancellationToken).ConfigureAwait(false);
                await BeatAsync(cancellationToken).ConfigureAwait(false);
                await CheckSubscribedTopicsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is StreamingException or OperationCanceledException or ObjectDisposedException)
            {
                // Connection lost, timed out, coordinator moved: find it again; the session survives a few missed beats.
                if (ex is RetriableException or OperationCanceledException) _coordinator.MarkCoordinatorDead();
                Trace.TraceInformation($"consumer {_options.ClientId}: heartbeat to group '{_options.GroupId}' failed: {ex.Message}");
            }
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        string memberId;
        int generation;
        lock (_lock)
        {
            if (!_heartbeatsEnabled || _memberId.Length == 0 || _generation < 0 || _fatal is not null) return;
            memberId = _memberId;
            generation = _generation;
        }
        if (_time.GetElapsedTime(Volatile.Read(ref _lastPoll)) > _options.MaxPollInterval)
        {
            await LeaveOnPollTimeoutAsync(memberId, generation, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (SuspendHeartbeats) return;
        var connection = await _coordinator.CoordinatorAsync(CoordinatorLane.Control, cancellationToken).ConfigureAwait(false);
        short version = connection.Version(ApiKey.Heartbeat);
        var request = new HeartbeatRequest
        {
            GroupId = _options.GroupId,
            GenerationId = generation,
            MemberId = memberId,
            GroupInstanceId = version >= 3 ? _options.GroupInstanceId : null,
        };
        var response = await connection.SendAsync<HeartbeatRequest, HeartbeatResponse>(request, version, Min(_options.RequestTimeout, _options.SessionTimeout), cancellationToken)
            .ConfigureAwait(false);
        OnHeartbeatAnswer(response.ErrorCode, memberId, generation);
    }

    private void OnHeartbeatAnswer(short code, string memberId, int generation)
    {
        if (code == 0) return;
        if (MembershipErrors.IsCoordinatorError(code))
        {
            _coordinator.MarkCoordinatorDead();
            return;
        }
        lock (_lock)
        {
            // An answer about a generation this member has left behind (it rejoined meanwhile) means nothing.
            if (_memberId != memberId || _generation != generation) return;
            switch ((ErrorCode)code)
            {
                case ErrorCode.RebalanceInProgress:
                    _needsRejoin = true;
                    break;
                case ErrorCode.UnknownMemberId or ErrorCode.IllegalGeneration:
                    MarkLost(code == (short)ErrorCode.UnknownMemberId, $"the coordinator answered the heartbeat with {(ErrorCode)code}: the session expired or the group moved on");
                    break;
                case ErrorCode.FencedInstanceId:
                    _fatal = new GroupMembershipException(ErrorCode.FencedInstanceId,
                        $"another consumer with group.instance.id '{_options.GroupInstanceId}' took this member's place in group '{_options.GroupId}': close this one");
                    _heartbeatsEnabled = false;
                    break;
                default:
                    Trace.TraceWarning($"consumer {_options.ClientId}: heartbeat to group '{_options.GroupId}' refused: {MembershipErrors.ToException(code, "heartbeat").Message}");
                    break;
            }
        }
    }

    /// <summary>Under <see cref="_lock"/>: the member is out of its generation; its partitions are lost at the next Poll.</summary>
    private void MarkLost(bool forgetMemberId, string reason)
    {
        if (forgetMemberId) _memberId = "";
        _generation = -1;
        _lost = true;
        _lostReason = reason;
        _heartbeatsEnabled = false;
    }

    /// <summary>
    /// The application did not call Consume for <c>max.poll.interval.ms</c>: leave, so the partitions go to members that
    /// work (Kafka's Java client does the same); the application learns it at its next Consume (partitions lost).
    /// </summary>
    private async Task LeaveOnPollTimeoutAsync(string memberId, int generation, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_memberId != memberId || _generation != generation) return;
            MarkLost(forgetMemberId: _options.GroupInstanceId is null,
                $"Consume was not called for more than max.poll.interval.ms ({_options.MaxPollInterval.TotalMilliseconds:0} ms)");
        }
        Trace.TraceWarning($"consumer {_options.ClientId}: Consume was not called within max.poll.interval.ms " +
            $"({_options.MaxPollInterval.TotalMilliseconds:0} ms); leaving group '{_options.GroupId}' so its partitions can move");
        if (_options.GroupInstanceId is null) await SendLeaveAsync(memberId, "consumer poll timeout has expired", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every <c>metadata.max.age.ms</c>: a subscribed topic that gained partitions (or, for a pattern, a new match) means rejoin.</summary>
    private async Task CheckSubscribedTopicsAsync(CancellationToken cancellationToken)
    {
        if (_time.GetElapsedTime(_lastMetadataCheck) < _options.MetadataMaxAge) return;
        _lastMetadataCheck = _time.GetTimestamp();
        var topics = _topics;
        var pattern = _pattern;
        var known = _subscribedCounts;
        lock (_lock)
        {
            if (!_heartbeatsEnabled || _needsRejoin) return;
        }
        if (topics is null && pattern is null) return;
        var counts = await FetchPartitionCountsAsync(pattern is null ? topics : null, cancellationToken).ConfigureAwait(false);
        if (pattern is not null)
            counts = counts.Where(kv => !kv.Key.StartsWith("__", StringComparison.Ordinal) && pattern.IsMatch(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        bool changed = counts.Count != known.Count || counts.Any(kv => !known.TryGetValue(kv.Key, out int n) || n != kv.Value);
        if (!changed) return;
        Trace.TraceInformation($"consumer {_options.ClientId}: the subscribed topics of group '{_options.GroupId}' changed; rejoining");
        RequestRejoin();
    }
}
