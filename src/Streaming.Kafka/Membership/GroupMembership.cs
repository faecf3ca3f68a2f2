using System.Diagnostics;
using System.Text.RegularExpressions;
using Streaming.Protocol.Messages;

namespace Streaming.Kafka.Membership;

/// <summary>
/// A consumer's membership in a classic Kafka consumer group, spoken by the transport itself (JoinGroup, SyncGroup,
/// Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch) because Confluent.Kafka cannot run a custom assignor. The group
/// leader runs the <see cref="IPartitionAssignor"/> with partition counts from Metadata; every member receives its
/// partitions as Kafka's consumer-protocol bytes and the consumer assigns them to its Confluent.Kafka consumer by hand.
/// </summary>
/// <remarks>
/// As in Kafka's Java client, the work is split: a background loop heartbeats every <c>heartbeat.interval.ms</c> and
/// only raises flags (rebalance announced, member evicted, fenced, poll interval exceeded); <see cref="Poll"/>, called by
/// the consumer inside every Consume, acts on them on the application's thread — requests run asynchronously across
/// Consume calls, and every callback into application code (user data, the assignor, OnAssignment, the rebalance
/// handlers) happens there.
/// </remarks>
internal sealed partial class GroupMembership : IAsyncDisposable
{
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly CoordinatorClient _coordinator;
    private readonly CancellationTokenSource _closing = new();
    private readonly object _lock = new();

    // Shared with the heartbeat loop (under _lock).
    private string _memberId = "";
    private int _generation = -1;
    private bool _heartbeatsEnabled;
    private bool _needsRejoin;
    private bool _lost;
    private string? _lostReason;
    private StreamingException? _fatal;
    private long _lastPoll;

    // The application's thread only.
    private MemberState _state = MemberState.Unjoined;
    private IReadOnlyList<string>? _topics;
    private Regex? _pattern;
    private IPartitionAssignor? _protocol;
    private long _retryAt;
    private long? _unreachableSince;
    private Task? _heartbeating;

    public GroupMembership(MembershipOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Assignors.Count == 0) throw new ArgumentException("at least one assignor is needed", nameof(options));
        _options = options;
        _time = time ?? TimeProvider.System;
        _coordinator = new CoordinatorClient(options.BootstrapServers, options.ClientId, options.GroupId, options.RequestTimeout);
        _lastPoll = _time.GetTimestamp();
    }

    private enum MemberState
    {
        /// <summary>Not in the group (or must rejoin): the next Poll starts joining.</summary>
        Unjoined,

        /// <summary>Reading the subscribed topics' partition counts before joining.</summary>
        Preparing,

        /// <summary>JoinGroup sent.</summary>
        Joining,

        /// <summary>Leader only: reading the partition counts of every member's topics.</summary>
        AwaitingMetadata,

        /// <summary>SyncGroup sent.</summary>
        Syncing,

        /// <summary>Assigned; heartbeating.</summary>
        Stable,
    }

    /// <summary>This member's id, or null before the coordinator gave it one.</summary>
    public string? MemberId
    {
        get
        {
            lock (_lock) return _memberId.Length == 0 ? null : _memberId;
        }
    }

    /// <summary>The member id and generation as the coordinator knows them now (generation -1 when not in a generation).</summary>
    public (string MemberId, int Generation) Current
    {
        get
        {
            lock (_lock) return (_memberId, _generation);
        }
    }

    public string GroupId => _options.GroupId;

    public string? GroupInstanceId => _options.GroupInstanceId;

    /// <summary>Subscribes to named topics; the group is joined (or rejoined) at the next <see cref="Poll"/>.</summary>
    public void Subscribe(IReadOnlyList<string> topics)
    {
        _topics = topics;
        _pattern = null;
        RequestRejoin();
        StartHeartbeats();
    }

    /// <summary>Subscribes to every (non-internal) topic matching <paramref name="pattern"/>.</summary>
    public void Subscribe(Regex pattern)
    {
        _topics = null;
        _pattern = pattern;
        RequestRejoin();
        StartHeartbeats();
    }

    private bool IsSubscribed => _topics is not null || _pattern is not null;

    private void RequestRejoin()
    {
        lock (_lock) _needsRejoin = true;
    }

    /// <summary>
    /// Moves the membership forward, on the application's thread: acts on what the heartbeat loop saw, starts a join
    /// when one is needed and completes the steps whose answers arrived, waiting for them up to <paramref name="wait"/>.
    /// </summary>
    /// <exception cref="StreamingException">The group refused this member (fenced, inconsistent protocol, …), an
    /// assignor or handler failed, or the coordinator stayed unreachable for <c>default.api.timeout.ms</c>.</exception>
    public void Poll(IMembershipHost host, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(host);
        ObjectDisposedException.ThrowIf(_closing.IsCancellationRequested, this);
        Volatile.Write(ref _lastPoll, _time.GetTimestamp());
        ThrowIfFatal();
        if (!IsSubscribed) return;
        HandleLost(host);
        long deadline = _time.GetTimestamp() + (long)(Math.Max(0, wait.TotalSeconds) * _time.TimestampFrequency);
        while (true)
        {
            switch (_state)
            {
                case MemberState.Unjoined or MemberState.Stable:
                    if (_state == MemberState.Stable && !NeedsRejoin()) return;
                    if (!WaitUntil(_retryAt, deadline)) return;
                    Prepare(host);
                    break;
                case MemberState.Preparing:
                    if (!Await(_preparing, deadline)) return;
                    OnPrepared(host);
                    break;
                case MemberState.Joining:
                    if (!Await(_joining, deadline)) return;
                    OnJoined(host);
                    break;
                case MemberState.AwaitingMetadata:
                    if (!Await(_leaderMetadata, deadline)) return;
                    OnLeaderMetadata();
                    break;
                case MemberState.Syncing:
                    if (!Await(_syncing, deadline)) return;
                    OnSynced(host);
                    break;
            }
            ThrowIfFatal();
        }
    }

    /// <summary>True while a rebalance is under way (the consumer then gives the membership its waits when it owns nothing).</summary>
    public bool IsRebalancing => IsSubscribed && (_state != MemberState.Stable || NeedsRejoin());

    private bool NeedsRejoin()
    {
        lock (_lock) return _needsRejoin;
    }

    /// <summary>The heartbeat loop found this member evicted: the partitions are gone, tell the application, rejoin.</summary>
    private void HandleLost(IMembershipHost host)
    {
        string? reason;
        lock (_lock)
        {
            if (!_lost) return;
            _lost = false;
            reason = _lostReason;
            _needsRejoin = true;
        }
        AbandonRebalance();
        var owned = host.Owned.ToArray();
        Trace.TraceWarning($"consumer {_options.ClientId} of group '{_options.GroupId}' lost its partitions ({reason}): {string.Join(", ", owned)}; rejoining");
        if (owned.Length > 0) host.Lose(owned);
    }

    /// <summary>Stops waiting for answers of a rebalance this member is no longer part of.</summary>
    private void AbandonRebalance()
    {
        _state = MemberState.Unjoined;
        _preparing = null;
        _joining = null;
        _leaderMetadata = null;
        _syncing = null;
        lock (_lock) _heartbeatsEnabled = false;
    }

    private void ThrowIfFatal()
    {
        StreamingException? fatal;
        lock (_lock) fatal = _fatal;
        if (fatal is not null) throw fatal;
    }

    private bool Await(Task? task, long deadline)
    {
        if (task is null || task.IsCompleted) return true;
        long left = deadline - _time.GetTimestamp();
        if (left <= 0) return false;
        ((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(left / (double)_time.TimestampFrequency));
        return task.IsCompleted;
    }

    private bool WaitUntil(long at, long deadline)
    {
        long now = _time.GetTimestamp();
        if (now >= at) return true;
        if (deadline <= now) return false;
        long until = Math.Min(at, deadline);
        _closing.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds((until - now) / (double)_time.TimestampFrequency));
        return _time.GetTimestamp() >= at;
    }

    /// <summary>
    /// A step failed for a reason that goes away (connection lost, coordinator moved or starting): find the coordinator
    /// again and retry after <c>retry.backoff.ms</c>; after <c>default.api.timeout.ms</c> of this, tell the application.
    /// </summary>
    private void RetryLater(Exception cause, string step)
    {
        _coordinator.MarkCoordinatorDead();
        AbandonRebalance();
        RequestRejoin();
        long now = _time.GetTimestamp();
        _retryAt = now + (long)(_options.RetryBackoff.TotalSeconds * _time.TimestampFrequency);
        _unreachableSince ??= now;
        var down = _time.GetElapsedTime(_unreachableSince.Value);
        if (down >= _options.ApiTimeout)
        {
            _unreachableSince = now; // report again after another period, while the membership keeps trying
            throw new TimeoutException($"consumer {_options.ClientId} could not {step} of group '{_options.GroupId}' for {down.TotalMilliseconds:0} ms " +
                $"(default.api.timeout.ms {_options.ApiTimeout.TotalMilliseconds:0}; bootstrap servers {_coordinator.BootstrapServers}, coordinator " +
                $"{_coordinator.CoordinatorEndpoint}): {cause.Message}. It keeps trying at the next Consume", cause);
        }
        Trace.TraceInformation($"consumer {_options.ClientId}: could not {step} of group '{_options.GroupId}', retrying: {cause.Message}");
    }

    /// <summary>
    /// Leaves the group: LeaveGroup for a dynamic member (a static one stays until its session times out, which is the
    /// point of static membership), so its partitions go to the others at once. The consumer has revoked them before.
    /// </summary>
    public void Leave(string reason)
    {
        string memberId;
        lock (_lock)
        {
            memberId = _memberId;
            _memberId = "";
            _generation = -1;
            _needsRejoin = false;
            _lost = false;
        }
        AbandonRebalance();
        _topics = null;
        _pattern = null;
        if (memberId.Length == 0 || _options.GroupInstanceId is not null) return;
        try
        {
            RunSync(ct => SendLeaveAsync(memberId, reason, ct), Min(_options.RequestTimeout, TimeSpan.FromSeconds(5)));
        }
        catch (Exception ex) when (ex is StreamingException or OperationCanceledException)
        {
            // The coordinator notices at the latest after session.timeout.ms.
            Trace.TraceWarning($"consumer {_options.ClientId}: leaving group '{_options.GroupId}' failed: {ex.Message}");
        }
    }

    private async Task SendLeaveAsync(string memberId, string reason, CancellationToken cancellationToken)
    {
        var connection = await _coordinator.CoordinatorAsync(CoordinatorLane.Membership, cancellationToken).ConfigureAwait(false);
        short version = connection.Version(ApiKey.LeaveGroup);
        var request = version >= 3
            ? new LeaveGroupRequest { GroupId = _options.GroupId, Members = [new MemberIdentity { MemberId = memberId, Reason = version >= 5 ? reason : null }] }
            : new LeaveGroupRequest { GroupId = _options.GroupId, MemberId = memberId };
        var response = await connection.SendAsync<LeaveGroupRequest, LeaveGroupResponse>(request, version, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        short error = response.ErrorCode != 0 ? response.ErrorCode : response.Members.Select(m => m.ErrorCode).FirstOrDefault(e => e != 0);
        if (error != 0 && (ErrorCode)error != ErrorCode.UnknownMemberId)
            throw MembershipErrors.ToException(error, $"LeaveGroup of member '{memberId}'");
    }

    /// <summary>Runs an asynchronous request on the caller's thread, bounded by <paramref name="timeout"/>.</summary>
    private T RunSync<T>(Func<CancellationToken, Task<T>> call, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        cts.CancelAfter(timeout);
        try
        {
            return call(cts.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException ex) when (!_closing.IsCancellationRequested)
        {
            throw new TimeoutException($"group '{_options.GroupId}': no answer from the coordinator ({_coordinator.CoordinatorEndpoint}) within {timeout.TotalMilliseconds:0} ms", ex);
        }
    }

    private void RunSync(Func<CancellationToken, Task> call, TimeSpan timeout)
        => RunSync(async ct =>
        {
            await call(ct).ConfigureAwait(false);
            return true;
        }, timeout);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    public async ValueTask DisposeAsync()
    {
        if (_closing.IsCancellationRequested) return;
        await _closing.CancelAsync().ConfigureAwait(false);
        if (_heartbeating is not null)
        {
            try
            {
                await _heartbeating.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        await _coordinator.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
    }
}
