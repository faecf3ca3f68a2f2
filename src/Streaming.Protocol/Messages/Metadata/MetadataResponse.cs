namespace Streaming.Protocol.Messages;

/// <summary>Metadata response (key 3), versions 0-12, flexible from 9.</summary>
public sealed class MetadataResponse : IKafkaMessage<MetadataResponse>
{
    private const string Name = nameof(MetadataResponse);

    public static ApiKey ApiKey => ApiKey.Metadata;

    /// <summary>v3+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    public List<MetadataResponseBroker> Brokers { get; set; } = [];

    /// <summary>v2+, ignorable, default null.</summary>
    public string? ClusterId { get; set; }

    /// <summary>v1+, ignorable, default -1.</summary>
    public int ControllerId { get; set; } = -1;

    public List<MetadataResponseTopic> Topics { get; set; } = [];

    /// <summary>v8-10, not ignorable, default int.MinValue (not requested).</summary>
    public int ClusterAuthorizedOperations { get; set; } = int.MinValue;

    public static MetadataResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Metadata, version, Name);
        var message = new MetadataResponse();
        if (version >= 3) message.ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs));
        message.Brokers = reader.ReadArray<MetadataResponseBroker>(flexible, version, nameof(Brokers), 9);
        if (version >= 2) message.ClusterId = reader.ReadNullableString(flexible, nameof(ClusterId));
        if (version >= 1) message.ControllerId = reader.ReadInt32(nameof(ControllerId));
        message.Topics = reader.ReadArray<MetadataResponseTopic>(flexible, version, nameof(Topics), 4);
        if (version is >= 8 and <= 10) message.ClusterAuthorizedOperations = reader.ReadInt32(nameof(ClusterAuthorizedOperations));
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Metadata, version, Name);
        if (version >= 3) writer.WriteInt32(ThrottleTimeMs);
        writer.WriteArray(Brokers, flexible, version, nameof(Brokers));
        if (version >= 2) writer.WriteNullableString(ClusterId, flexible, nameof(ClusterId));
        if (version >= 1) writer.WriteInt32(ControllerId);
        writer.WriteArray(Topics, flexible, version, nameof(Topics));
        if (version is >= 8 and <= 10) writer.WriteInt32(ClusterAuthorizedOperations);
        else VersionGuard.RequireDefault(ClusterAuthorizedOperations == int.MinValue, Name, nameof(ClusterAuthorizedOperations), version);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A broker in a Metadata response.</summary>
public sealed class MetadataResponseBroker : IProtocolStruct<MetadataResponseBroker>
{
    public int NodeId { get; set; }

    public string Host { get; set; } = "";

    public int Port { get; set; }

    /// <summary>v1+, ignorable, default null.</summary>
    public string? Rack { get; set; }

    public static MetadataResponseBroker Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 9;
        var broker = new MetadataResponseBroker
        {
            NodeId = reader.ReadInt32(nameof(NodeId)),
            Host = reader.ReadString(flexible, nameof(Host)),
            Port = reader.ReadInt32(nameof(Port)),
        };
        if (version >= 1) broker.Rack = reader.ReadNullableString(flexible, nameof(Rack));
        if (flexible) reader.SkipTaggedFields();
        return broker;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 9;
        writer.WriteInt32(NodeId);
        writer.WriteString(Host, flexible, nameof(Host));
        writer.WriteInt32(Port);
        if (version >= 1) writer.WriteNullableString(Rack, flexible, nameof(Rack));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
