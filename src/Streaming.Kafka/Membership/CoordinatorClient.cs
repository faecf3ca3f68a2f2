using System.Globalization;
using Streaming.Protocol.Messages;

namespace Streaming.Kafka.Membership;

/// <summary>
/// Finds a group's coordinator and keeps connections to it. Two lanes: one for JoinGroup/SyncGroup/LeaveGroup, whose
/// answers may take a whole rebalance, and one for Heartbeat, OffsetCommit and OffsetFetch, which must not queue behind
/// them (a broker answers one connection's requests in order). Metadata and FindCoordinator go to any bootstrap broker.
/// </summary>
internal sealed class CoordinatorClient : IAsyncDisposable
{
    private readonly (string Host, int Port)[] _bootstrap;
    private readonly string _clientId;
    private readonly string _groupId;
    private readonly TimeSpan _requestTimeout;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly BrokerConnection?[] _lanes = new BrokerConnection?[2];
    private BrokerConnection? _anyBroker;
    private (string Host, int Port)? _coordinator;
    private int _nextBootstrap;
    private bool _disposed;

    public CoordinatorClient(string bootstrapServers, string clientId, string groupId, TimeSpan requestTimeout)
    {
        _bootstrap = ParseServers(bootstrapServers);
        _clientId = clientId;
        _groupId = groupId;
        _requestTimeout = requestTimeout;
    }

    /// <summary>The coordinator's host:port once known, for messages.</summary>
    public string CoordinatorEndpoint => _coordinator is { } c ? $"{c.Host}:{c.Port}" : "(not found yet)";

    /// <summary>The bootstrap servers, for messages.</summary>
    public string BootstrapServers => string.Join(",", _bootstrap.Select(b => $"{b.Host}:{b.Port}"));

    /// <summary>A connection to the coordinator on <paramref name="lane"/>, found and opened if needed.</summary>
    public async Task<BrokerConnection> CoordinatorAsync(CoordinatorLane lane, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _lanes[(int)lane]);
        if (current is { IsBroken: false }) return current;
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            current = _lanes[(int)lane];
            if (current is { IsBroken: false }) return current;
            if (current is not null) await current.DisposeAsync().ConfigureAwait(false);
            _lanes[(int)lane] = null;
            var (host, port) = _coordinator ??= await FindCoordinatorAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var opened = await BrokerConnection.ConnectAsync(host, port, _clientId, _requestTimeout, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _lanes[(int)lane], opened);
                return opened;
            }
            catch (RetriableException)
            {
                _coordinator = null; // it may have moved: ask again next time
                throw;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Forgets the coordinator (it answered NOT_COORDINATOR, or a connection to it failed) and closes both lanes: the next call finds it again.</summary>
    public void MarkCoordinatorDead()
    {
        _coordinator = null;
        for (int i = 0; i < _lanes.Length; i++)
        {
            var lane = Interlocked.Exchange(ref _lanes[i], null);
            if (lane is not null) _ = lane.DisposeAsync().AsTask();
        }
    }

    /// <summary>A connection to any broker (for Metadata and FindCoordinator), trying the bootstrap servers in turn.</summary>
    public async Task<BrokerConnection> AnyBrokerAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _anyBroker);
        if (current is { IsBroken: false }) return current;
        Exception? last = null;
        for (int i = 0; i < _bootstrap.Length; i++)
        {
            var (host, port) = _bootstrap[(Interlocked.Increment(ref _nextBootstrap) & int.MaxValue) % _bootstrap.Length];
            try
            {
                var opened = await BrokerConnection.ConnectAsync(host, port, _clientId, _requestTimeout, cancellationToken).ConfigureAwait(false);
                var previous = Interlocked.Exchange(ref _anyBroker, opened);
                if (previous is not null) _ = previous.DisposeAsync().AsTask();
                return opened;
            }
            catch (RetriableException ex)
            {
                last = ex;
            }
        }
        throw new RetriableException(MembershipErrors.NetworkException, $"none of the bootstrap servers {BootstrapServers} could be reached: {last?.Message}", last);
    }

    private async Task<(string, int)> FindCoordinatorAsync(CancellationToken cancellationToken)
    {
        var broker = await AnyBrokerAsync(cancellationToken).ConfigureAwait(false);
        short version = broker.Version(ApiKey.FindCoordinator);
        var request = version >= 4
            ? new FindCoordinatorRequest { KeyType = 0, CoordinatorKeys = [_groupId] }
            : new FindCoordinatorRequest { KeyType = 0, Key = _groupId };
        var response = await broker.SendAsync<FindCoordinatorRequest, FindCoordinatorResponse>(request, version, _requestTimeout, cancellationToken).ConfigureAwait(false);
        var (error, message, host, port) = version >= 4
            ? response.Coordinators.FirstOrDefault() is { } c ? (c.ErrorCode, c.ErrorMessage, c.Host, c.Port) : ((short)ErrorCode.CoordinatorNotAvailable, "no coordinator in the answer", "", 0)
            : (response.ErrorCode, response.ErrorMessage, response.Host, response.Port);
        if (error != 0)
        {
            string what = $"finding the coordinator of group '{_groupId}' on broker {broker.Endpoint} failed{(message is null ? "" : $" ({message})")}";
            throw MembershipErrors.ToException(error, what);
        }
        return (host, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            foreach (var lane in _lanes)
                if (lane is not null) await lane.DisposeAsync().ConfigureAwait(false);
            if (_anyBroker is not null) await _anyBroker.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    private static (string, int)[] ParseServers(string servers)
    {
        var result = new List<(string, int)>();
        foreach (var entry in servers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "host:port", "[v6]:port", or a "PLAINTEXT://host:port" listener URL as librdkafka accepts.
            string server = entry.Contains("://", StringComparison.Ordinal) ? entry[(entry.IndexOf("://", StringComparison.Ordinal) + 3)..] : entry;
            int colon = server.LastIndexOf(':');
            string host = colon > 0 ? server[..colon] : server;
            int port = 9092;
            if (colon > 0 && !int.TryParse(server[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port))
                throw new InvalidConfigurationException($"bootstrap server '{entry}' has no valid port: give host:port");
            result.Add((host.Trim('[', ']'), port));
        }
        if (result.Count == 0) throw new InvalidConfigurationException("'bootstrap.servers' names no broker: give host:port[,host:port…]");
        return [.. result];
    }
}

/// <summary>Which connection to the coordinator a request uses.</summary>
internal enum CoordinatorLane
{
    /// <summary>JoinGroup, SyncGroup, LeaveGroup: answers may wait for the whole group.</summary>
    Membership = 0,

    /// <summary>Heartbeat, OffsetCommit, OffsetFetch: answered at once.</summary>
    Control = 1,
}
