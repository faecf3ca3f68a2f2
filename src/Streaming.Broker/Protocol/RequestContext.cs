using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol;

/// <summary>One request being handled: its header, its connection's peer, and the listener it came through.</summary>
internal sealed class RequestContext(RequestHeader header, string clientHost, KafkaListener listener)
{
    public RequestHeader Header { get; } = header;

    public short Version => Header.ApiVersion;

    /// <summary>The client's address, for group member descriptions.</summary>
    public string ClientHost { get; } = clientHost;

    public string ClientId => Header.ClientId ?? "";

    public KafkaListener Listener { get; } = listener;

    public EmbeddedBroker Broker => Listener.Broker;
}
