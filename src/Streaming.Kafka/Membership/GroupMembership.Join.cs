using System.Diagnostics;
using Streaming.Protocol.Messages;

namespace Streaming.Kafka.Membership;

/// <summary>The rebalance: read the subscribed topics, JoinGroup, (leader) assign, SyncGroup, apply the assignment.</summary>
internal sealed partial class GroupMembership
{
    private Task<Dictionary<string, int>>? _preparing;
    private Task<JoinGroupResponse>? _joining;
    private Task<Dictionary<string, int>>? _leaderMetadata;
    private Task<SyncGroupResponse>? _syncing;

    // Partition counts of this member's subscribed topics as of the last join (a change means rejoin).
    private Dictionary<string, int> _subscribedCounts = new(StringComparer.Ordinal);
    private JoinGroupResponse? _joined;
    private Dictionary<string, GroupSubscription>? _memberSubscriptions;

    /// <summary>Eager assignors give everything up before joining; then the subscribed topics are read.</summary>
    private void Prepare(IMembershipHost host)
    {
        lock (_lock)
        {
            _needsRejoin = false;
            _heartbeatsEnabled = false;
        }
        var protocol = _protocol?.Protocol ?? _options.Assignors[0].Protocol;
        if (protocol == RebalanceProtocol.Eager)
        {
            var owned = host.Owned.ToArray();
            if (owned.Length > 0) host.Revoke(owned);
        }
        _preparing = FetchPartitionCountsAsync(_pattern is null ? _topics : null, _closing.Token);
        _state = MemberState.Preparing;
    }

    private void OnPrepared(IMembershipHost host)
    {
        var task = _preparing!;
        _preparing = null;
        if (!task.IsCompletedSuccessfully)
        {
            OnStepFailed(task, "read the subscribed topics");
            return;
        }
        var counts = task.Result;
        if (_pattern is { } pattern)
        {
            counts = counts.Where(kv => !kv.Key.StartsWith("__", StringComparison.Ordinal) && pattern.IsMatch(kv.Key))
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        }
        _subscribedCounts = counts;
        IReadOnlyList<string> topics = _pattern is null ? _topics! : [.. counts.Keys.Order(StringComparer.Ordinal)];
        foreach (var missing in topics.Where(t => !counts.ContainsKey(t)))
            Trace.TraceWarning($"consumer {_options.ClientId}: subscribed topic '{missing}' does not exist (yet); it gets no partitions until it does");

        var owned = host.Owned.ToArray();
        int generation;
        string memberId;
        lock (_lock)
        {
            generation = _generation;
            memberId = _memberId;
        }
        var protocols = new List<JoinGroupRequestProtocol>(_options.Assignors.Count);
        foreach (var assignor in _options.Assignors)
        {
            var userData = assignor.GetUserData(topics, owned);
            protocols.Add(new JoinGroupRequestProtocol
            {
                Name = assignor.Name,
                Metadata = ConsumerProtocolMapper.EncodeSubscription(topics, userData, owned, generation, _options.Rack),
            });
        }
        _joining = JoinAsync(memberId, protocols, _closing.Token);
        _state = MemberState.Joining;
    }

    private async Task<JoinGroupResponse> JoinAsync(string memberId, List<JoinGroupRequestProtocol> protocols, CancellationToken cancellationToken)
    {
        var connection = await _coordinator.CoordinatorAsync(CoordinatorLane.Membership, cancellationToken).ConfigureAwait(false);
        short version = connection.Version(ApiKey.JoinGroup);
        if (_options.GroupInstanceId is not null && version < 5)
            throw new FeatureNotSupportedException($"group.instance.id needs JoinGroup v5 (Kafka 2.3); broker {connection.Endpoint} speaks v{version}");
        var request = new JoinGroupRequest
        {
            GroupId = _options.GroupId,
            SessionTimeoutMs = (int)_options.SessionTimeout.TotalMilliseconds,
            RebalanceTimeoutMs = version >= 1 ? (int)_options.MaxPollInterval.TotalMilliseconds : -1,
            MemberId = memberId,
            GroupInstanceId = _options.GroupInstanceId,
            ProtocolType = ConsumerProtocolMapper.ProtocolType,
            Protocols = protocols,
        };
        return await connection.SendAsync<JoinGroupRequest, JoinGroupResponse>(request, version, _options.RebalanceRequestTimeout, cancellationToken).ConfigureAwait(false);
    }

    private void OnJoined(IMembershipHost host)
    {
        var task = _joining!;
        _joining = null;
        if (!task.IsCompletedSuccessfully)
        {
            OnStepFailed(task, "join");
            return;
        }
        var response = task.Result;
        if (response.ErrorCode != 0)
        {
            OnGroupError(host, response.ErrorCode, "JoinGroup", response.MemberId);
            return;
        }
        _unreachableSince = null;
        var assignor = _options.Assignors.FirstOrDefault(a => a.Name == response.ProtocolName);
        if (assignor is null)
        {
            AbandonRebalance();
            throw new InconsistentGroupProtocolException($"group '{_options.GroupId}' chose assignor '{response.ProtocolName}', which this consumer did not offer " +
                $"({string.Join(", ", _options.Assignors.Select(a => a.Name))})");
        }
        _protocol = assignor;
        lock (_lock)
        {
            _memberId = response.MemberId;
            _generation = response.GenerationId;
            // From here the coordinator expects heartbeats (a member waiting for SyncGroup is alive only by them).
            _heartbeatsEnabled = true;
        }
        _joined = response;
        if (response.Leader == response.MemberId && !response.SkipAssignment)
        {
            try
            {
                _memberSubscriptions = response.Members.ToDictionary(
                    m => m.MemberId, m => ConsumerProtocolMapper.DecodeSubscription(m.Metadata, m.MemberId, m.GroupInstanceId), StringComparer.Ordinal);
            }
            catch (InvalidRequestException)
            {
                AbandonRebalance();
                RequestRejoin();
                throw;
            }
            var topics = _memberSubscriptions.Values.SelectMany(s => s.Topics).Distinct(StringComparer.Ordinal).ToList();
            if (topics.All(_subscribedCounts.ContainsKey))
            {
                _leaderMetadata = Task.FromResult(_subscribedCounts.Where(kv => topics.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
            }
            else
            {
                _leaderMetadata = FetchPartitionCountsAsync(topics, _closing.Token);
            }
            _state = MemberState.AwaitingMetadata;
            return;
        }
        StartSync([]);
    }

    /// <summary>The leader runs the assignor (on the application's thread) and sends every member's share.</summary>
    private void OnLeaderMetadata()
    {
        var task = _leaderMetadata!;
        _leaderMetadata = null;
        if (!task.IsCompletedSuccessfully)
        {
            OnStepFailed(task, "read the partition counts for the assignment");
            return;
        }
        var subscriptions = _memberSubscriptions!;
        _memberSubscriptions = null;
        IReadOnlyDictionary<string, MemberAssignment> result;
        try
        {
            result = _protocol!.Assign(task.Result, subscriptions);
        }
        catch (Exception ex)
        {
            AbandonRebalance();
            RequestRejoin();
            throw new InvalidStateException($"assignor '{_protocol!.Name}' failed for group '{_options.GroupId}': {ex.Message}", ex);
        }
        var assignments = new List<SyncGroupRequestAssignment>(subscriptions.Count);
        foreach (var memberId in subscriptions.Keys)
        {
            var assignment = result.GetValueOrDefault(memberId) ?? new MemberAssignment([]);
            assignments.Add(new SyncGroupRequestAssignment { MemberId = memberId, Assignment = ConsumerProtocolMapper.EncodeAssignment(assignment) });
        }
        StartSync(assignments);
    }

    private void StartSync(List<SyncGroupRequestAssignment> assignments)
    {
        var joined = _joined!;
        _syncing = SyncAsync(joined.GenerationId, joined.MemberId, joined.ProtocolName, assignments, _closing.Token);
        _state = MemberState.Syncing;
    }

    private async Task<SyncGroupResponse> SyncAsync(int generation, string memberId, string? protocolName, List<SyncGroupRequestAssignment> assignments,
        CancellationToken cancellationToken)
    {
        var connection = await _coordinator.CoordinatorAsync(CoordinatorLane.Membership, cancellationToken).ConfigureAwait(false);
        short version = connection.Version(ApiKey.SyncGroup);
        var request = new SyncGroupRequest
        {
            GroupId = _options.GroupId,
            GenerationId = generation,
            MemberId = memberId,
            GroupInstanceId = version >= 3 ? _options.GroupInstanceId : null,
            ProtocolType = version >= 5 ? ConsumerProtocolMapper.ProtocolType : null,
            ProtocolName = version >= 5 ? protocolName : null,
            Assignments = assignments,
        };
        return await connection.SendAsync<SyncGroupRequest, SyncGroupResponse>(request, version, _options.RebalanceRequestTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The assignment arrived: partitions taken away are revoked (cooperative: then rejoin, so they can move), the
    /// assignor is told, and new partitions are assigned — handlers in Kafka's order, on the application's thread.
    /// </summary>
    private void OnSynced(IMembershipHost host)
    {
        var task = _syncing!;
        _syncing = null;
        if (!task.IsCompletedSuccessfully)
        {
            OnStepFailed(task, "sync");
            return;
        }
        var response = task.Result;
        if (response.ErrorCode != 0)
        {
            OnGroupError(host, response.ErrorCode, "SyncGroup", null);
            return;
        }
        MemberAssignment assignment;
        try
        {
            assignment = ConsumerProtocolMapper.DecodeAssignment(response.Assignment);
        }
        catch (InvalidRequestException)
        {
            AbandonRebalance();
            RequestRejoin();
            throw;
        }
        var joined = _joined!;
        _joined = null;
        _state = MemberState.Stable;
        var protocol = _protocol!;
        var target = assignment.Partitions.ToHashSet();
        var owned = host.Owned.ToHashSet();
        var revoked = owned.Where(tp => !target.Contains(tp)).ToArray();
        var added = target.Where(tp => !owned.Contains(tp)).OrderBy(tp => tp.Topic, StringComparer.Ordinal).ThenBy(tp => tp.Partition).ToArray();
        // Cooperative: partitions given up here reach their new owners in a follow-up rebalance.
        if (revoked.Length > 0 && protocol.Protocol == RebalanceProtocol.Cooperative) RequestRejoin();
        if (revoked.Length > 0) host.Revoke(revoked);
        protocol.OnAssignment(assignment, joined.GenerationId);
        if (added.Length > 0 || protocol.Protocol == RebalanceProtocol.Eager) host.Assign(added, invokeHandler: true);
    }

    /// <summary>A request failed without an answer: retriable (connection, timeout, coordinator) → retry; anything else is the application's.</summary>
    private void OnStepFailed(Task task, string step)
    {
        var error = task.Exception?.GetBaseException() ?? new OperationCanceledException($"{step} was cancelled");
        if (error is RetriableException || error is OperationCanceledException && !_closing.IsCancellationRequested)
        {
            RetryLater(error, step);
            return;
        }
        AbandonRebalance();
        RequestRejoin();
        _retryAt = _time.GetTimestamp() + (long)(_options.RetryBackoff.TotalSeconds * _time.TimestampFrequency);
        throw error is StreamingException streaming ? streaming : new StreamingException(ErrorCode.UnknownServerError, $"could not {step} group '{_options.GroupId}': {error.Message}", error);
    }

    /// <summary>An error code in a JoinGroup or SyncGroup answer.</summary>
    private void OnGroupError(IMembershipHost host, short code, string request, string? assignedMemberId)
    {
        var error = (ErrorCode)code;
        AbandonRebalance();
        RequestRejoin();
        if (MembershipErrors.IsCoordinatorError(code))
        {
            RetryLater(MembershipErrors.ToException(code, $"{request} answered"), request == "JoinGroup" ? "join" : "sync");
            return;
        }
        _unreachableSince = null;
        switch (error)
        {
            case MembershipErrors.MemberIdRequired:
                // KIP-394: the coordinator named this member; join again with that id, at once.
                lock (_lock) _memberId = assignedMemberId ?? "";
                return;
            case ErrorCode.RebalanceInProgress:
                return;
            case ErrorCode.UnknownMemberId or ErrorCode.IllegalGeneration:
            {
                lock (_lock)
                {
                    if (error == ErrorCode.UnknownMemberId) _memberId = "";
                    _generation = -1;
                }
                // Cooperative members still own partitions: another member may have them by now.
                var owned = host.Owned.ToArray();
                if (owned.Length > 0) host.Lose(owned);
                return;
            }
            case ErrorCode.FencedInstanceId:
            {
                var fenced = new GroupMembershipException(ErrorCode.FencedInstanceId,
                    $"another consumer with group.instance.id '{_options.GroupInstanceId}' joined group '{_options.GroupId}': this one is fenced and must be closed");
                lock (_lock) _fatal = fenced;
                throw fenced;
            }
            case ErrorCode.InconsistentGroupProtocol:
                _retryAt = _time.GetTimestamp() + (long)(_options.RetryBackoff.TotalSeconds * _time.TimestampFrequency);
                throw new InconsistentGroupProtocolException($"group '{_options.GroupId}' uses assignors that share none with this consumer's " +
                    $"({string.Join(", ", _options.Assignors.Select(a => a.Name))}), or another protocol type than \"consumer\"");
            default:
                _retryAt = _time.GetTimestamp() + (long)(_options.RetryBackoff.TotalSeconds * _time.TimestampFrequency);
                throw MembershipErrors.ToException(code, $"{request} of group '{_options.GroupId}' failed");
        }
    }

    /// <summary>Partition counts of <paramref name="topics"/> (all topics when null) that exist, from any broker's Metadata.</summary>
    private async Task<Dictionary<string, int>> FetchPartitionCountsAsync(IReadOnlyList<string>? topics, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        if (topics is { Count: 0 }) return result;
        var connection = await _coordinator.AnyBrokerAsync(cancellationToken).ConfigureAwait(false);
        short version = connection.Version(ApiKey.Metadata);
        if (version == 0 && topics is null)
            throw new FeatureNotSupportedException($"broker {connection.Endpoint} speaks only Metadata v0, which cannot list all topics for a pattern subscription");
        var request = new MetadataRequest
        {
            Topics = topics?.Select(t => new MetadataRequestTopic { Name = t }).ToList() ?? (version == 0 ? [] : null),
            // As librdkafka's consumer (allow.auto.create.topics=false): subscribing does not create topics.
            AllowAutoTopicCreation = version < 4,
        };
        var response = await connection.SendAsync<MetadataRequest, MetadataResponse>(request, version, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        foreach (var topic in response.Topics)
        {
            if (topic.ErrorCode != 0 || topic.Name is null || topic.IsInternal) continue;
            result[topic.Name] = topic.Partitions.Count;
        }
        return result;
    }
}
