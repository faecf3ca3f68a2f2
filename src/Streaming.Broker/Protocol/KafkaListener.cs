using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Streaming.Broker.Protocol;

/// <summary>
/// The embedded broker's Kafka wire-protocol listener: a TCP server whose connections speak Kafka's protocol, so any
/// Kafka client or tool (librdkafka/Confluent.Kafka, kcat, the Java client, kafka-python, kafkajs) can use the broker.
/// </summary>
public sealed class KafkaListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<KafkaConnection, Task> _connections = new();
    private readonly Task _acceptLoop;
    private long _acceptedConnections;
    private int _disposed;

    private KafkaListener(EmbeddedBroker broker, KafkaListenerOptions options, Socket socket)
    {
        Broker = broker;
        Options = options;
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        AdvertisedHost = options.AdvertisedHost ?? (LocalEndPoint.Address.Equals(IPAddress.Any) || LocalEndPoint.Address.Equals(IPAddress.IPv6Any)
            ? Dns.GetHostName()
            : LocalEndPoint.Address.ToString());
        AdvertisedPort = options.AdvertisedPort ?? LocalEndPoint.Port;
        Apis = new KafkaApis(this);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Binds the listener and starts accepting connections.</summary>
    /// <exception cref="InvalidConfigurationException">An option is out of range or the address is not an IP address.</exception>
    /// <exception cref="SocketException">The address cannot be bound (for example, the port is in use).</exception>
    public static KafkaListener Start(EmbeddedBroker broker, KafkaListenerOptions options)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(options);
        broker.ThrowIfDisposed();
        if (!IPAddress.TryParse(options.Host, out var address))
            throw new InvalidConfigurationException($"the listener host '{options.Host}' is not an IP address (use 127.0.0.1, 0.0.0.0, ::1 or ::)");
        if (options.Port is < 0 or > 65535) throw new InvalidConfigurationException($"the listener port {options.Port} is out of range 0-65535");
        if (options.AdvertisedPort is < 1 or > 65535) throw new InvalidConfigurationException($"the advertised port {options.AdvertisedPort} is out of range 1-65535");
        if (options.SocketRequestMaxBytes < 1024) throw new InvalidConfigurationException($"socket.request.max.bytes is {options.SocketRequestMaxBytes}: it must be at least 1024");
        if (options.ConnectionsMaxIdle <= TimeSpan.Zero) throw new InvalidConfigurationException($"connections.max.idle.ms must be positive, got {options.ConnectionsMaxIdle}");
        if (options.MaxInFlightRequestsPerConnection < 1) throw new InvalidConfigurationException($"MaxInFlightRequestsPerConnection must be at least 1, got {options.MaxInFlightRequestsPerConnection}");
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(address, options.Port));
            socket.Listen(512);
            return new KafkaListener(broker, options, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The address and port the listener is bound to (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The host clients are sent to in Metadata and FindCoordinator.</summary>
    public string AdvertisedHost { get; }

    /// <summary>The port clients are sent to in Metadata and FindCoordinator.</summary>
    public int AdvertisedPort { get; }

    /// <summary>"host:port" to give clients as <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers => $"{AdvertisedHost}:{AdvertisedPort}";

    /// <summary>Connections open now.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Connections accepted since the start.</summary>
    public long AcceptedConnections => Interlocked.Read(ref _acceptedConnections);

    internal EmbeddedBroker Broker { get; }

    internal KafkaListenerOptions Options { get; }

    internal KafkaApis Apis { get; }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A connection that failed while being accepted (reset by the peer): the listener goes on.
                Trace.TraceWarning($"kafka listener: accept failed: {ex.Message}");
                continue;
            }
            client.NoDelay = true;
            Interlocked.Increment(ref _acceptedConnections);
            var connection = new KafkaConnection(this, client);
            _connections[connection] = Task.Run(async () =>
            {
                try
                {
                    await connection.RunAsync(_stopping.Token).ConfigureAwait(false);
                }
                finally
                {
                    _connections.TryRemove(connection, out _);
                }
            });
        }
    }

    /// <summary>Stops accepting, closes every connection and waits for them to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        foreach (var connection in _connections.Keys) connection.Abort();
        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
