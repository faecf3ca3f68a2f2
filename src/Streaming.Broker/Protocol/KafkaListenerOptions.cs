namespace Streaming.Broker.Protocol;

/// <summary>Settings of the Kafka wire-protocol listener; Kafka's broker config name is given for each.</summary>
public sealed class KafkaListenerOptions
{
    /// <summary>The address to listen on (<c>listeners</c>); <value>127.0.0.1</value> by default.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on; <value>9092</value> by default, 0 picks a free port.</summary>
    public int Port { get; set; } = 9092;

    /// <summary>The host clients are told to connect to in Metadata (<c>advertised.listeners</c>); the bound address by default.</summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>The port clients are told to connect to in Metadata; the bound port by default.</summary>
    public int? AdvertisedPort { get; set; }

    /// <summary><c>node.id</c>: this broker's id in Metadata and FindCoordinator; <value>1</value>.</summary>
    public int NodeId { get; set; } = 1;

    /// <summary><c>socket.request.max.bytes</c>: the largest request accepted; a larger one closes the connection; <value>104857600</value>.</summary>
    public int SocketRequestMaxBytes { get; set; } = 104_857_600;

    /// <summary><c>connections.max.idle.ms</c>: a connection that sends nothing this long is closed; <value>10 minutes</value>.</summary>
    public TimeSpan ConnectionsMaxIdle { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Requests of one connection handled at once (pipelining); answers still go back in order; <value>16</value>.</summary>
    public int MaxInFlightRequestsPerConnection { get; set; } = 16;
}
