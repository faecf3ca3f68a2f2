namespace Streaming.Protocol.Messages;

/// <summary>
/// A broker endpoint sent with NOT_LEADER_OR_FOLLOWER errors (Produce response v10+ and Fetch response v16+, tagged
/// field 0 of the response); always flexible-encoded.
/// </summary>
public sealed class NodeEndpoint : IProtocolStruct<NodeEndpoint>
{
    public int NodeId { get; set; }

    public string Host { get; set; } = "";

    public int Port { get; set; }

    /// <summary>Default null.</summary>
    public string? Rack { get; set; }

    public static NodeEndpoint Read(ref ProtocolReader reader, short version)
    {
        var node = new NodeEndpoint
        {
            NodeId = reader.ReadInt32(nameof(NodeId)),
            Host = reader.ReadCompactString(nameof(Host)),
            Port = reader.ReadInt32(nameof(Port)),
            Rack = reader.ReadCompactNullableString(nameof(Rack)),
        };
        reader.SkipTaggedFields();
        return node;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteInt32(NodeId);
        writer.WriteCompactString(Host, nameof(Host));
        writer.WriteInt32(Port);
        writer.WriteCompactNullableString(Rack, nameof(Rack));
        writer.WriteEmptyTaggedFields();
    }
}
