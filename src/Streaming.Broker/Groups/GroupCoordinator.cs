using System.Collections.Concurrent;

namespace Streaming.Broker.Groups;

/// <summary>
/// The group coordinator of Kafka's classic protocol: join, sync, heartbeat, leave, generations, session expiry and
/// rebalances. Assignments are opaque bytes computed by the group leader; the coordinator checks member ids and
/// generations, never partition ownership. Committed offsets live in <see cref="OffsetStore"/>.
/// </summary>
internal sealed partial class GroupCoordinator : IDisposable
{
    private readonly ConcurrentDictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);
    private readonly GroupCoordinatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ITimer _expiryTimer;
    private bool _disposed;

    public GroupCoordinator(GroupCoordinatorOptions options, TimeProvider time, OffsetStore offsets)
    {
        _options = options;
        _time = time;
        Offsets = offsets;
        foreach (var groupId in offsets.GroupIds)
            _groups.TryAdd(groupId, new ConsumerGroup(groupId) { EmptySince = time.GetUtcNow() });
        _expiryTimer = time.CreateTimer(static s => ((GroupCoordinator)s!).ExpireOffsets(), this, options.OffsetsRetentionCheckInterval, options.OffsetsRetentionCheckInterval);
    }

    public OffsetStore Offsets { get; }

    public IEnumerable<ConsumerGroup> Groups => _groups.Values;

    public bool TryGetGroup(string groupId, out ConsumerGroup group) => _groups.TryGetValue(groupId, out group!);

    private static void ValidateGroupId(string groupId)
    {
        if (string.IsNullOrWhiteSpace(groupId)) throw new InvalidGroupIdException("a consumer group id must not be empty");
    }

    /// <summary>Joins (or rejoins) a group; completes when the rebalance this join belongs to completes.</summary>
    public Task<JoinGroupResult> JoinAsync(string groupId, string memberId, string? instanceId, string clientId, string host, string protocolType,
        IReadOnlyList<(string Name, byte[] Metadata)> protocols, int sessionTimeoutMs, int rebalanceTimeoutMs, Action? rebalanceNotifier = null)
    {
        ValidateGroupId(groupId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (sessionTimeoutMs < _options.MinSessionTimeoutMs || sessionTimeoutMs > _options.MaxSessionTimeoutMs)
            throw new InvalidSessionTimeoutException($"session.timeout.ms is {sessionTimeoutMs}: the broker allows {_options.MinSessionTimeoutMs} to {_options.MaxSessionTimeoutMs} (group.min/max.session.timeout.ms)");
        if (protocols.Count == 0) throw new InconsistentGroupProtocolException($"member of group '{groupId}' offers no assignor");

        var group = _groups.GetOrAdd(groupId, static id => new ConsumerGroup(id));
        lock (group.Lock)
        {
            if (group.State == ConsumerGroupState.Dead) return Task.FromResult(JoinGroupResult.Failed(ErrorCode.CoordinatorNotAvailable, memberId));
            if (!group.SupportsProtocols(protocolType, protocols)) return Task.FromResult(JoinGroupResult.Failed(ErrorCode.InconsistentGroupProtocol, memberId));

            GroupMember member;
            bool changed;
            if (memberId.Length == 0)
            {
                if (instanceId is not null && group.StaticMembers.TryGetValue(instanceId, out var oldId) && group.Members.TryGetValue(oldId, out var existing))
                {
                    // A static member coming back: it takes a new member id (fencing the old incarnation) and keeps its assignment.
                    group.Members.Remove(oldId);
                    existing.JoinWaiter?.TrySetResult(JoinGroupResult.Failed(ErrorCode.FencedInstanceId, oldId));
                    existing.SyncWaiter?.TrySetResult(SyncGroupResult.Failed(ErrorCode.FencedInstanceId));
                    existing.JoinWaiter = null;
                    existing.SyncWaiter = null;
                    existing.MemberId = NewMemberId(clientId);
                    existing.ClientId = clientId;
                    group.Members[existing.MemberId] = existing;
                    group.StaticMembers[instanceId] = existing.MemberId;
                    if (group.LeaderId == oldId) group.LeaderId = existing.MemberId;
                    bool sameProtocols = existing.Protocols.Select(p => p.Name).SequenceEqual(protocols.Select(p => p.Name))
                                         && existing.Protocols.Zip(protocols).All(p => SameSubscription(protocolType, p.First.Metadata, p.Second.Metadata));
                    existing.Protocols = protocols;
                    existing.SessionTimeoutMs = sessionTimeoutMs;
                    existing.RebalanceTimeoutMs = rebalanceTimeoutMs;
                    existing.RebalanceNotifier = rebalanceNotifier;
                    ResetSession(group, existing);
                    if (group.State == ConsumerGroupState.Stable && sameProtocols)
                    {
                        // No rebalance: the member resumes with the current generation and fetches its assignment in sync.
                        bool isLeader = group.LeaderId == existing.MemberId;
                        return Task.FromResult(new JoinGroupResult(ErrorCode.None, group.Generation, group.Protocol, group.LeaderId, existing.MemberId,
                            isLeader ? MembersFor(group) : []));
                    }
                    member = existing;
                    changed = true;
                }
                else
                {
                    member = new GroupMember(NewMemberId(clientId), instanceId, clientId, host);
                    group.Members[member.MemberId] = member;
                    if (instanceId is not null) group.StaticMembers[instanceId] = member.MemberId;
                    group.ProtocolType ??= protocolType;
                    group.EmptySince = null;
                    changed = true;
                }
            }
            else
            {
                if (!group.Members.TryGetValue(memberId, out member!))
                    return Task.FromResult(JoinGroupResult.Failed(instanceId is not null && group.StaticMembers.ContainsKey(instanceId) ? ErrorCode.FencedInstanceId : ErrorCode.UnknownMemberId, memberId));
                changed = !member.Protocols.Select(p => p.Name).SequenceEqual(protocols.Select(p => p.Name))
                          || !member.Protocols.Zip(protocols).All(p => p.First.Metadata.AsSpan().SequenceEqual(p.Second.Metadata));
            }

            member.Protocols = protocols;
            member.SessionTimeoutMs = sessionTimeoutMs;
            member.RebalanceTimeoutMs = rebalanceTimeoutMs;
            member.RebalanceNotifier = rebalanceNotifier;
            ResetSession(group, member);
            var waiter = new TaskCompletionSource<JoinGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            member.JoinWaiter = waiter;

            // A join from a known member of a stable group with nothing new (e.g. a follower that saw a rebalance late)
            // still starts a rebalance, as in Kafka: the member asked to rejoin.
            if (group.State is ConsumerGroupState.Stable or ConsumerGroupState.CompletingRebalance or ConsumerGroupState.Empty || changed)
                PrepareRebalance(group, initial: group.State == ConsumerGroupState.Empty);
            TryCompleteJoin(group);
            return waiter.Task;
        }
    }

    /// <summary>
    /// Whether a static member's new subscription asks for the same thing as its old one. For the consumer protocol that
    /// is the topic list and user data (a restarted process no longer owns partitions, so the owned-partitions field
    /// differs); for other protocols, the bytes.
    /// </summary>
    private static bool SameSubscription(string protocolType, byte[] before, byte[] after)
    {
        if (protocolType != "consumer") return before.AsSpan().SequenceEqual(after);
        try
        {
            var a = Streaming.Protocol.Groups.ConsumerProtocol.DeserializeSubscription(before);
            var b = Streaming.Protocol.Groups.ConsumerProtocol.DeserializeSubscription(after);
            return a.Topics.Order(StringComparer.Ordinal).SequenceEqual(b.Topics.Order(StringComparer.Ordinal))
                   && (a.UserData ?? default).Span.SequenceEqual((b.UserData ?? default).Span);
        }
        catch (Streaming.Protocol.ProtocolException)
        {
            return false;
        }
    }

    private static string NewMemberId(string clientId) => $"{clientId}-{Guid.NewGuid():N}";

    private static IReadOnlyList<JoinGroupMember> MembersFor(ConsumerGroup group)
        => group.Members.Values.Select(m => new JoinGroupMember(m.MemberId, m.InstanceId, m.MetadataFor(group.Protocol!))).ToArray();

    /// <summary>Starts (or keeps) a rebalance: every member must rejoin before the rebalance timeout. Under the group lock.</summary>
    private void PrepareRebalance(ConsumerGroup group, bool initial)
    {
        if (group.State == ConsumerGroupState.PreparingRebalance) return;
        foreach (var m in group.Members.Values)
        {
            // Members waiting in sync must rejoin; the others learn it from their next heartbeat (or at once, in-process).
            m.SyncWaiter?.TrySetResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
            m.SyncWaiter = null;
            if (m.JoinWaiter is null) m.RebalanceNotifier?.Invoke();
        }
        group.State = ConsumerGroupState.PreparingRebalance;
        int rebalanceTimeout = group.Members.Values.Select(m => m.RebalanceTimeoutMs).DefaultIfEmpty(0).Max();
        TimeSpan delay = initial
            ? TimeSpan.FromMilliseconds(Math.Min(_options.InitialRebalanceDelay.TotalMilliseconds, rebalanceTimeout))
            : TimeSpan.FromMilliseconds(rebalanceTimeout);
        group.RebalanceTimer?.Dispose();
        group.RebalanceTimer = null;
        if (initial && delay > TimeSpan.Zero)
        {
            group.InitialDelayPending = true;
            group.RebalanceTimer = _time.CreateTimer(static s => ((Tuple<GroupCoordinator, ConsumerGroup>)s!).Item1.OnInitialDelay(((Tuple<GroupCoordinator, ConsumerGroup>)s!).Item2),
                Tuple.Create(this, group), delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            group.InitialDelayPending = false;
            group.RebalanceTimer = _time.CreateTimer(static s => ((Tuple<GroupCoordinator, ConsumerGroup>)s!).Item1.OnRebalanceTimeout(((Tuple<GroupCoordinator, ConsumerGroup>)s!).Item2),
                Tuple.Create(this, group), delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnInitialDelay(ConsumerGroup group)
    {
        lock (group.Lock)
        {
            if (group.State != ConsumerGroupState.PreparingRebalance || !group.InitialDelayPending) return;
            group.InitialDelayPending = false;
            int rebalanceTimeout = group.Members.Values.Select(m => m.RebalanceTimeoutMs).DefaultIfEmpty(0).Max();
            group.RebalanceTimer?.Dispose();
            group.RebalanceTimer = _time.CreateTimer(static s => ((Tuple<GroupCoordinator, ConsumerGroup>)s!).Item1.OnRebalanceTimeout(((Tuple<GroupCoordinator, ConsumerGroup>)s!).Item2),
                Tuple.Create(this, group), TimeSpan.FromMilliseconds(rebalanceTimeout), Timeout.InfiniteTimeSpan);
            TryCompleteJoin(group);
        }
    }

    private void OnRebalanceTimeout(ConsumerGroup group)
    {
        lock (group.Lock)
        {
            if (group.State != ConsumerGroupState.PreparingRebalance) return;
            // Members that did not rejoin in time are out (Kafka: the rebalance timeout is max.poll.interval.ms).
            foreach (var m in group.Members.Values.Where(m => m.JoinWaiter is null).ToArray()) RemoveMember(group, m);
            CompleteJoin(group);
        }
    }

    /// <summary>Completes the join phase once every member has rejoined (and the initial delay is over). Under the group lock.</summary>
    private void TryCompleteJoin(ConsumerGroup group)
    {
        if (group.State != ConsumerGroupState.PreparingRebalance || group.InitialDelayPending) return;
        if (group.Members.Values.All(m => m.JoinWaiter is not null)) CompleteJoin(group);
    }

    private void CompleteJoin(ConsumerGroup group)
    {
        group.RebalanceTimer?.Dispose();
        group.RebalanceTimer = null;
        if (group.Members.Count == 0)
        {
            group.State = ConsumerGroupState.Empty;
            group.Generation++;
            group.Protocol = null;
            group.LeaderId = null;
            group.EmptySince ??= _time.GetUtcNow();
            return;
        }
        group.Generation++;
        group.Protocol = group.SelectProtocol();
        if (group.LeaderId is null || !group.Members.ContainsKey(group.LeaderId)) group.LeaderId = group.Members.Keys.First();
        group.State = ConsumerGroupState.CompletingRebalance;
        var all = MembersFor(group);
        foreach (var m in group.Members.Values)
        {
            var waiter = m.JoinWaiter!;
            m.JoinWaiter = null;
            m.Assignment = [];
            waiter.TrySetResult(new JoinGroupResult(ErrorCode.None, group.Generation, group.Protocol, group.LeaderId, m.MemberId, m.MemberId == group.LeaderId ? all : []));
        }
    }

    /// <summary>Syncs: the leader hands in every member's assignment; everyone gets theirs when it has.</summary>
    public Task<SyncGroupResult> SyncAsync(string groupId, int generation, string memberId, string? instanceId, IReadOnlyDictionary<string, byte[]>? assignments)
    {
        ValidateGroupId(groupId);
        if (!_groups.TryGetValue(groupId, out var group)) return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
        lock (group.Lock)
        {
            var error = CheckMember(group, memberId, instanceId, generation);
            if (error != ErrorCode.None) return Task.FromResult(SyncGroupResult.Failed(error));
            var member = group.Members[memberId];
            ResetSession(group, member);
            switch (group.State)
            {
                case ConsumerGroupState.PreparingRebalance:
                    return Task.FromResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
                case ConsumerGroupState.Stable:
                    return Task.FromResult(new SyncGroupResult(ErrorCode.None, member.Assignment));
                case ConsumerGroupState.CompletingRebalance:
                    var waiter = new TaskCompletionSource<SyncGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                    member.SyncWaiter = waiter;
                    if (memberId == group.LeaderId && assignments is not null)
                    {
                        foreach (var m in group.Members.Values) m.Assignment = assignments.GetValueOrDefault(m.MemberId) ?? [];
                        group.State = ConsumerGroupState.Stable;
                        group.RebalanceCount++;
                        foreach (var m in group.Members.Values)
                        {
                            m.SyncWaiter?.TrySetResult(new SyncGroupResult(ErrorCode.None, m.Assignment));
                            m.SyncWaiter = null;
                        }
                    }
                    return waiter.Task;
                default:
                    return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
            }
        }
    }

    /// <summary>A member's heartbeat: keeps its session and tells it whether a rebalance needs it to rejoin.</summary>
    public ErrorCode Heartbeat(string groupId, int generation, string memberId, string? instanceId)
    {
        if (!_groups.TryGetValue(groupId, out var group)) return ErrorCode.UnknownMemberId;
        lock (group.Lock)
        {
            var error = CheckMember(group, memberId, instanceId, generation);
            if (error != ErrorCode.None) return error;
            ResetSession(group, group.Members[memberId]);
            return group.State == ConsumerGroupState.Stable ? ErrorCode.None : ErrorCode.RebalanceInProgress;
        }
    }

    /// <summary>A member leaves; the others rebalance.</summary>
    public ErrorCode Leave(string groupId, string memberId, string? instanceId)
    {
        if (!_groups.TryGetValue(groupId, out var group)) return ErrorCode.UnknownMemberId;
        lock (group.Lock)
        {
            if (!group.Members.TryGetValue(memberId, out var member)) return ErrorCode.UnknownMemberId;
            if (instanceId is not null && member.InstanceId != instanceId) return ErrorCode.FencedInstanceId;
            RemoveMember(group, member);
            OnMembershipChanged(group);
            return ErrorCode.None;
        }
    }

    private static ErrorCode CheckMember(ConsumerGroup group, string memberId, string? instanceId, int generation)
    {
        if (!group.Members.TryGetValue(memberId, out var member))
            return instanceId is not null && group.StaticMembers.ContainsKey(instanceId) ? ErrorCode.FencedInstanceId : ErrorCode.UnknownMemberId;
        if (instanceId is not null && member.InstanceId != instanceId) return ErrorCode.FencedInstanceId;
        if (generation != group.Generation) return ErrorCode.IllegalGeneration;
        return ErrorCode.None;
    }

    private void ResetSession(ConsumerGroup group, GroupMember member)
    {
        member.SessionTimer ??= _time.CreateTimer(static s => ((Tuple<GroupCoordinator, ConsumerGroup, GroupMember>)s!).Item1.OnSessionExpired(
                ((Tuple<GroupCoordinator, ConsumerGroup, GroupMember>)s!).Item2, ((Tuple<GroupCoordinator, ConsumerGroup, GroupMember>)s!).Item3),
            Tuple.Create(this, group, member), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        member.SessionTimer.Change(TimeSpan.FromMilliseconds(member.SessionTimeoutMs), Timeout.InfiniteTimeSpan);
    }

    private void OnSessionExpired(ConsumerGroup group, GroupMember member)
    {
        lock (group.Lock)
        {
            if (!group.Members.TryGetValue(member.MemberId, out var current) || !ReferenceEquals(current, member)) return;
            // Members waiting in join or sync are covered by the rebalance timeout, not the session.
            if (member.JoinWaiter is not null) return;
            RemoveMember(group, member);
            OnMembershipChanged(group);
        }
    }

    private void RemoveMember(ConsumerGroup group, GroupMember member)
    {
        group.Members.Remove(member.MemberId);
        if (member.InstanceId is not null && group.StaticMembers.GetValueOrDefault(member.InstanceId) == member.MemberId) group.StaticMembers.Remove(member.InstanceId);
        member.SessionTimer?.Dispose();
        member.SessionTimer = null;
        member.JoinWaiter?.TrySetResult(JoinGroupResult.Failed(ErrorCode.UnknownMemberId, member.MemberId));
        member.SyncWaiter?.TrySetResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
        member.JoinWaiter = null;
        member.SyncWaiter = null;
        if (group.LeaderId == member.MemberId) group.LeaderId = null;
    }

    private void OnMembershipChanged(ConsumerGroup group)
    {
        switch (group.State)
        {
            case ConsumerGroupState.Stable or ConsumerGroupState.CompletingRebalance:
                if (group.Members.Count == 0)
                {
                    group.State = ConsumerGroupState.Empty;
                    group.Generation++;
                    group.LeaderId = null;
                    group.Protocol = null;
                    group.EmptySince = _time.GetUtcNow();
                }
                else
                {
                    PrepareRebalance(group, initial: false);
                }
                break;
            case ConsumerGroupState.PreparingRebalance:
                TryCompleteJoin(group);
                break;
        }
    }

    /// <summary>Whether a group has active members (offset resets and deletes need it to have none).</summary>
    public bool IsActive(string groupId)
    {
        if (!_groups.TryGetValue(groupId, out var group)) return false;
        lock (group.Lock) return group.Members.Count > 0;
    }

    /// <summary>Deletes a group without members and its committed offsets.</summary>
    public async Task DeleteGroupAsync(string groupId)
    {
        ValidateGroupId(groupId);
        if (!_groups.TryGetValue(groupId, out var group)) throw new GroupIdNotFoundException($"consumer group '{groupId}' does not exist");
        lock (group.Lock)
        {
            if (group.Members.Count > 0)
                throw new GroupNotEmptyException($"consumer group '{groupId}' has {group.Members.Count} active members; stop them before deleting the group");
            group.State = ConsumerGroupState.Dead;
        }
        await Offsets.DeleteGroupAsync(groupId).ConfigureAwait(false);
        _groups.TryRemove(groupId, out _);
    }

    private void ExpireOffsets()
    {
        if (_disposed) return;
        var now = _time.GetUtcNow();
        foreach (var group in _groups.Values)
        {
            bool expire;
            lock (group.Lock) expire = group.Members.Count == 0 && group.EmptySince is { } since && now - since >= _options.OffsetsRetention;
            if (!expire) continue;
            lock (group.Lock) group.State = ConsumerGroupState.Dead;
            Offsets.DeleteGroupAsync(group.GroupId).GetAwaiter().GetResult();
            _groups.TryRemove(group.GroupId, out _);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _expiryTimer.Dispose();
        foreach (var group in _groups.Values)
        {
            lock (group.Lock)
            {
                group.RebalanceTimer?.Dispose();
                foreach (var m in group.Members.Values)
                {
                    m.SessionTimer?.Dispose();
                    m.JoinWaiter?.TrySetResult(JoinGroupResult.Failed(ErrorCode.CoordinatorNotAvailable, m.MemberId));
                    m.SyncWaiter?.TrySetResult(SyncGroupResult.Failed(ErrorCode.CoordinatorNotAvailable));
                }
            }
        }
    }
}
