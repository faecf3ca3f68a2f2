using System.Text.RegularExpressions;
using Streaming.Broker.Groups;
using Streaming.Broker.Topics;

namespace Streaming.Broker.InProcess;

/// <summary>Consumer-group membership: subscribe, join/sync through the coordinator, heartbeats, rebalance callbacks.</summary>
internal sealed partial class InProcessConsumer<TKey, TValue>
{
    private readonly object _groupLock = new();
    private readonly IReadOnlyList<IPartitionAssignor> _assignors;
    private readonly Dictionary<string, int> _subscribedPartitionCounts = new(StringComparer.Ordinal);
    private List<string>? _topics;
    private Regex? _pattern;
    private string? _patternText;
    private string _memberId = "";
    private int _generation = -1;
    private IPartitionAssignor? _protocol;
    private volatile bool _needsRejoin;
    private volatile bool _lost;
    private volatile bool _rejoining;
    private StreamingException? _fatal;
    private ITimer? _heartbeatTimer;
    private long _lastPoll;

    private bool IsSubscribed => _topics is not null || _pattern is not null;

    public string? MemberId => _memberId.Length == 0 ? null : _memberId;

    public ConsumerGroupMetadata? ConsumerGroupMetadata
    {
        get
        {
            ThrowIfDisposed();
            if (_settings.GroupId is not { } group) return null;
            lock (_groupLock) return IsSubscribed ? new ConsumerGroupMetadata(group, _generation, _memberId, _settings.GroupInstanceId) : ConsumerGroupMetadata.ForGroup(group);
        }
    }

    public IReadOnlyList<string> Subscription
    {
        get
        {
            ThrowIfDisposed();
            return _patternText is not null ? [_patternText] : _topics?.ToArray() ?? [];
        }
    }

    private static IReadOnlyList<IPartitionAssignor> ResolveAssignors(ConsumerSettings settings, IReadOnlyList<IPartitionAssignor> custom)
    {
        var result = new List<IPartitionAssignor>();
        foreach (var name in settings.AssignmentStrategy)
        {
            var assignor = custom.FirstOrDefault(a => a.Name == name) ?? PartitionAssignors.ByName(name);
            if (result.Any(a => a.Name == assignor.Name)) continue;
            result.Add(assignor);
        }
        // Kafka refuses to mix eager and cooperative assignors in one member's list unless the user migrates on purpose;
        // we keep the list as given: the group's vote picks one protocol for everyone.
        return result;
    }

    public void Subscribe(IEnumerable<string> topics)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(topics);
        var list = topics.Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0) throw new ArgumentException("subscribe to at least one topic (use Unsubscribe to stop)", nameof(topics));
        foreach (var topic in list)
        {
            TopicNames.Validate(topic);
            _broker.GetOrCreateTopic(topic); // the consumer's metadata request auto-creates as Kafka's does (allow.auto.create.topics)
        }
        StartSubscription(list, null, null);
    }

    public void Subscribe(string topicOrPattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicOrPattern);
        if (!topicOrPattern.StartsWith('^'))
        {
            Subscribe([topicOrPattern]);
            return;
        }
        ThrowIfDisposed();
        Regex regex;
        try
        {
            regex = new Regex(topicOrPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"'{topicOrPattern}' is not a valid regular expression: {ex.Message}", nameof(topicOrPattern), ex);
        }
        if (!MatchingTopics(regex).Any())
            throw new UnknownTopicOrPartitionException($"the pattern '{topicOrPattern}' matches no topic; create the topics first (internal topics starting with '__' are never matched)");
        StartSubscription(null, regex, topicOrPattern);
    }

    private IEnumerable<string> MatchingTopics(Regex regex)
        => _broker.Topics.All.Select(t => t.Name).Where(n => !TopicNames.IsInternal(n) && regex.IsMatch(n)).Order(StringComparer.Ordinal);

    private void StartSubscription(List<string>? topics, Regex? pattern, string? patternText)
    {
        if (_settings.GroupId is null)
            throw new InvalidConfigurationException("Subscribe needs 'group.id': a consumer without a group can only Assign partitions");
        if (_assigned.Count > 0 && !IsSubscribed)
            throw new InvalidStateException("this consumer has partitions assigned by hand; Unassign before subscribing (assign and subscribe are exclusive, as in Kafka)");
        lock (_groupLock)
        {
            _topics = topics;
            _pattern = pattern;
            _patternText = patternText;
            _needsRejoin = true;
        }
        _heartbeatTimer ??= _broker.Time.CreateTimer(static s => ((InProcessConsumer<TKey, TValue>)s!).OnHeartbeat(), this,
            TimeSpan.FromMilliseconds(_settings.HeartbeatIntervalMs), TimeSpan.FromMilliseconds(_settings.HeartbeatIntervalMs));
    }

    public void Unsubscribe()
    {
        ThrowIfDisposed();
        if (!IsSubscribed) return;
        LeaveGroup(commit: true);
        lock (_groupLock)
        {
            _topics = null;
            _pattern = null;
            _patternText = null;
        }
    }

    private IReadOnlyList<string> SubscribedTopics()
        => _pattern is not null ? MatchingTopics(_pattern).ToArray() : _topics ?? (IReadOnlyList<string>)[];

    /// <summary>Group work done at the start of every Consume call, as Kafka's poll does it.</summary>
    private void BeforePoll()
    {
        if (_fatal is not null) throw _fatal;
        _lastPoll = _broker.Time.GetTimestamp();
        if (!IsSubscribed) return;
        if (_settings.EnableAutoOffsetStore) StoreHandedOut();
        if (_lost)
        {
            var lost = _assigned.Select(p => p.TopicPartition).ToArray();
            RemovePartitions(lost);
            if (lost.Length > 0) InvokeHandler(_setup.PartitionsLost ?? _setup.PartitionsRevoked, lost);
            lock (_groupLock)
            {
                _lost = false;
                _needsRejoin = true;
            }
        }
        if (!_needsRejoin && SubscriptionChanged()) _needsRejoin = true;
        if (_needsRejoin || _memberId.Length == 0) Rejoin();
        MaybeAutoCommit();
    }

    /// <summary>True when a subscribed topic gained partitions or the pattern now matches other topics.</summary>
    private bool SubscriptionChanged()
    {
        var topics = SubscribedTopics();
        if (topics.Count != _subscribedPartitionCounts.Count) return true;
        foreach (var topic in topics)
        {
            if (!_subscribedPartitionCounts.TryGetValue(topic, out int known)) return true;
            if (_broker.Topics.TryGet(topic, out var t) && t.Partitions.Length != known) return true;
        }
        return false;
    }

    private void Rejoin()
    {
        // Heartbeats pause while this member is joining: the coordinator would answer them with the generation that is
        // being replaced (IllegalGeneration) or RebalanceInProgress, neither of which means anything here.
        _rejoining = true;
        try
        {
            RejoinCore();
        }
        finally
        {
            // Time spent in the rebalance is not time the application failed to poll (max.poll.interval.ms).
            _lastPoll = _broker.Time.GetTimestamp();
            _rejoining = false;
        }
    }

    private void RejoinCore()
    {
        while (true)
        {
            ThrowIfDisposed();
            var protocol = _protocol?.Protocol ?? _assignors[0].Protocol;
            if (protocol == RebalanceProtocol.Eager && _assigned.Count > 0)
            {
                // Eager: give up everything before joining; commit what was processed first.
                var revoked = _assigned.Select(p => p.TopicPartition).ToArray();
                CommitOnRevoke(revoked);
                InvokeHandler(_setup.PartitionsRevoked, revoked);
                RemovePartitions(revoked);
            }

            var topics = SubscribedTopics();
            _subscribedPartitionCounts.Clear();
            foreach (var topic in topics)
                if (_broker.Topics.TryGet(topic, out var t)) _subscribedPartitionCounts[topic] = t.Partitions.Length;
            var owned = _assigned.Select(p => p.TopicPartition).ToArray();
            var protocols = _assignors.Select(a => (a.Name, GroupProtocol.EncodeSubscription(topics, a.GetUserData(topics, owned), owned, _generation))).ToArray();

            lock (_groupLock) _needsRejoin = false;
            var join = Wait(_broker.Groups.JoinAsync(_settings.GroupId!, _memberId, _settings.GroupInstanceId, _settings.ClientId, "in-process",
                GroupProtocol.ProtocolType, protocols, _settings.SessionTimeoutMs, _settings.MaxPollIntervalMs, OnRebalanceNotified));
            switch (join.Error)
            {
                case ErrorCode.None:
                    break;
                case ErrorCode.UnknownMemberId or ErrorCode.IllegalGeneration:
                    ResetMembership();
                    continue;
                case ErrorCode.RebalanceInProgress:
                    continue;
                case ErrorCode.FencedInstanceId:
                    throw Fatal(new GroupMembershipException(ErrorCode.FencedInstanceId, $"another consumer with group.instance.id '{_settings.GroupInstanceId}' joined group '{_settings.GroupId}': this one is fenced"));
                case ErrorCode.InconsistentGroupProtocol:
                    throw new InconsistentGroupProtocolException($"group '{_settings.GroupId}' uses assignors that share nothing with this consumer's ({string.Join(", ", _assignors.Select(a => a.Name))})");
                default:
                    throw new StreamingException(join.Error, $"joining group '{_settings.GroupId}' failed: {join.Error}");
            }
            lock (_groupLock)
            {
                _memberId = join.MemberId;
                _generation = join.Generation;
            }
            var assignor = _assignors.First(a => a.Name == join.Protocol);
            _protocol = assignor;

            IReadOnlyDictionary<string, byte[]>? assignments = null;
            if (join.LeaderId == join.MemberId && join.Members.Count > 0) assignments = Lead(assignor, join.Members);

            var sync = Wait(_broker.Groups.SyncAsync(_settings.GroupId!, join.Generation, join.MemberId, _settings.GroupInstanceId, assignments));
            if (sync.Error is ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration) continue;
            if (sync.Error == ErrorCode.UnknownMemberId)
            {
                ResetMembership();
                continue;
            }
            if (sync.Error == ErrorCode.FencedInstanceId)
                throw Fatal(new GroupMembershipException(ErrorCode.FencedInstanceId, $"consumer with group.instance.id '{_settings.GroupInstanceId}' was fenced by a newer instance"));
            if (sync.Error != ErrorCode.None) throw new StreamingException(sync.Error, $"syncing group '{_settings.GroupId}' failed: {sync.Error}");

            var assignment = GroupProtocol.DecodeAssignment(sync.Assignment);
            var target = assignment.Partitions.ToHashSet();
            var current = _assigned.Select(p => p.TopicPartition).ToHashSet();
            var revokedNow = current.Where(tp => !target.Contains(tp)).ToArray();
            var added = target.Where(tp => !current.Contains(tp)).OrderBy(tp => tp.Topic, StringComparer.Ordinal).ThenBy(tp => tp.Partition).ToArray();
            if (revokedNow.Length > 0)
            {
                CommitOnRevoke(revokedNow);
                InvokeHandler(_setup.PartitionsRevoked, revokedNow);
                RemovePartitions(revokedNow);
            }
            AddPartitions(added);
            assignor.OnAssignment(assignment, join.Generation);
            if (added.Length > 0 || assignor.Protocol == RebalanceProtocol.Eager) InvokeHandler(_setup.PartitionsAssigned, added);
            // Cooperative: partitions given up here go to their new owners in a follow-up rebalance.
            if (revokedNow.Length > 0 && assignor.Protocol == RebalanceProtocol.Cooperative)
            {
                lock (_groupLock) _needsRejoin = true;
            }
            if (!_needsRejoin) return;
        }
    }

    private IReadOnlyDictionary<string, byte[]> Lead(IPartitionAssignor assignor, IReadOnlyList<JoinGroupMember> members)
    {
        var subscriptions = members.ToDictionary(m => m.MemberId, m => GroupProtocol.DecodeSubscription(m.Metadata, m.InstanceId), StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var topic in subscriptions.Values.SelectMany(s => s.Topics).Distinct(StringComparer.Ordinal))
            if (_broker.Topics.TryGet(topic, out var t)) counts[topic] = t.Partitions.Length;
        var result = assignor.Assign(counts, subscriptions);
        return members.ToDictionary(m => m.MemberId,
            m => GroupProtocol.EncodeAssignment(result.GetValueOrDefault(m.MemberId) ?? new MemberAssignment([])), StringComparer.Ordinal);
    }

    private T Wait<T>(Task<T> task)
    {
        // The coordinator answers once the rebalance completes; it is bounded by the rebalance timeout (max.poll.interval.ms).
        if (!task.Wait(TimeSpan.FromMilliseconds(_settings.MaxPollIntervalMs) + TimeSpan.FromSeconds(30)))
            throw new TimeoutException($"group '{_settings.GroupId}' did not complete its rebalance within max.poll.interval.ms");
        return task.Result;
    }

    private void ResetMembership()
    {
        lock (_groupLock)
        {
            _memberId = "";
            _generation = -1;
        }
    }

    private StreamingException Fatal(StreamingException ex)
    {
        _fatal = ex;
        return ex;
    }

    private void OnRebalanceNotified()
    {
        _needsRejoin = true;
        _dataArrived.Set();
    }

    private void OnHeartbeat()
    {
        string memberId;
        int generation;
        lock (_groupLock)
        {
            if (_disposed || _rejoining || _memberId.Length == 0) return;
            memberId = _memberId;
            generation = _generation;
        }
        // A member that stops calling Consume for max.poll.interval.ms leaves, so its partitions go to someone who works.
        if (_broker.Time.GetElapsedTime(_lastPoll) > TimeSpan.FromMilliseconds(_settings.MaxPollIntervalMs))
        {
            if (_settings.GroupInstanceId is null) _broker.Groups.Leave(_settings.GroupId!, memberId, null);
            lock (_groupLock)
            {
                _memberId = "";
                _generation = -1;
                _lost = true;
            }
            _dataArrived.Set();
            return;
        }
        var error = _broker.IsDisposed ? ErrorCode.CoordinatorNotAvailable : _broker.Groups.Heartbeat(_settings.GroupId!, generation, memberId, _settings.GroupInstanceId);
        if (error == ErrorCode.None) return;
        lock (_groupLock)
        {
            // An answer about a generation this member has already left behind (it rejoined meanwhile) means nothing.
            if (_rejoining || _memberId != memberId || _generation != generation) return;
            switch (error)
            {
                case ErrorCode.RebalanceInProgress:
                    _needsRejoin = true;
                    break;
                case ErrorCode.UnknownMemberId or ErrorCode.IllegalGeneration:
                    if (error == ErrorCode.UnknownMemberId) _memberId = "";
                    _lost = true;
                    break;
                case ErrorCode.FencedInstanceId:
                    _fatal = new GroupMembershipException(ErrorCode.FencedInstanceId, $"another consumer with group.instance.id '{_settings.GroupInstanceId}' took over");
                    break;
                default:
                    return;
            }
        }
        _dataArrived.Set();
    }

    private void AddPartitions(IReadOnlyList<TopicPartition> partitions)
    {
        foreach (var tp in partitions)
        {
            var log = _broker.Topics.GetPartition(tp);
            // Unresolved when nothing is committed, or while an open transaction holds the commit: the fetch resolves it.
            var committed = _broker.Groups.Offsets.HasPendingTransactionalOffset(_settings.GroupId!, tp) ? null : _broker.Groups.Offsets.Get(_settings.GroupId!, tp);
            var state = new PartitionState(tp, log, committed?.Offset ?? PartitionState.Unresolved);
            log.AddListener(this);
            _assigned.Add(state);
        }
    }

    private void RemovePartitions(IReadOnlyCollection<TopicPartition> partitions)
    {
        foreach (var state in _assigned.Where(s => partitions.Contains(s.TopicPartition)).ToArray())
        {
            state.Log.RemoveListener(this);
            _assigned.Remove(state);
            _stored.Remove(state.TopicPartition);
            if (ReferenceEquals(_records.Partition, state)) _records.Clear();
        }
        _next = 0;
    }

    private void InvokeHandler(Action<IConsumer<TKey, TValue>, IReadOnlyList<TopicPartition>>? handler, IReadOnlyList<TopicPartition> partitions)
    {
        if (handler is null) return;
        try
        {
            handler(this, partitions);
        }
        catch (Exception ex)
        {
            throw new InvalidStateException($"the rebalance handler threw for {string.Join(", ", partitions)}: {ex.Message}");
        }
    }

    /// <summary>Leaves the group: commits what was processed (when asked), revokes, and tells the coordinator (static members stay).</summary>
    private void LeaveGroup(bool commit)
    {
        var owned = _assigned.Select(p => p.TopicPartition).ToArray();
        if (owned.Length > 0)
        {
            if (commit) CommitOnRevoke(owned);
            InvokeHandler(_setup.PartitionsRevoked, owned);
            RemovePartitions(owned);
        }
        string memberId;
        lock (_groupLock)
        {
            memberId = _memberId;
            _memberId = "";
            _generation = -1;
        }
        if (memberId.Length > 0 && _settings.GroupInstanceId is null && !_broker.IsDisposed) _broker.Groups.Leave(_settings.GroupId!, memberId, null);
        _heartbeatTimer?.Dispose();
        _heartbeatTimer = null;
    }
}
