namespace Streaming.Protocol.Messages;

/// <summary>DescribeCluster response (key 60), versions 0-1, flexible in all versions.</summary>
public sealed class DescribeClusterResponse : IKafkaMessage<DescribeClusterResponse>
{
    private const string Name = nameof(DescribeClusterResponse);

    public static ApiKey ApiKey => ApiKey.DescribeCluster;

    public int ThrottleTimeMs { get; set; }

    public short ErrorCode { get; set; }

    /// <summary>Default null.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>v1+, not ignorable, default 1.</summary>
    public sbyte EndpointType { get; set; } = 1;

    public string ClusterId { get; set; } = "";

    /// <summary>Default -1.</summary>
    public int ControllerId { get; set; } = -1;

    public List<DescribeClusterBroker> Brokers { get; set; } = [];

    /// <summary>Default int.MinValue (not requested).</summary>
    public int ClusterAuthorizedOperations { get; set; } = int.MinValue;

    public static DescribeClusterResponse Read(ref ProtocolReader reader, short version)
    {
        ApiVersionTable.Check(ApiKey.DescribeCluster, version, Name);
        var message = new DescribeClusterResponse
        {
            ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
            ErrorMessage = reader.ReadCompactNullableString(nameof(ErrorMessage)),
        };
        if (version >= 1) message.EndpointType = reader.ReadInt8(nameof(EndpointType));
        message.ClusterId = reader.ReadCompactString(nameof(ClusterId));
        message.ControllerId = reader.ReadInt32(nameof(ControllerId));
        message.Brokers = reader.ReadArray<DescribeClusterBroker>(true, version, nameof(Brokers), 11);
        message.ClusterAuthorizedOperations = reader.ReadInt32(nameof(ClusterAuthorizedOperations));
        reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        ApiVersionTable.Check(ApiKey.DescribeCluster, version, Name);
        writer.WriteInt32(ThrottleTimeMs);
        writer.WriteInt16(ErrorCode);
        writer.WriteCompactNullableString(ErrorMessage, nameof(ErrorMessage));
        if (version >= 1) writer.WriteInt8(EndpointType);
        else VersionGuard.RequireDefault(EndpointType == 1, Name, nameof(EndpointType), version);
        writer.WriteCompactString(ClusterId, nameof(ClusterId));
        writer.WriteInt32(ControllerId);
        writer.WriteArray(Brokers, true, version, nameof(Brokers));
        writer.WriteInt32(ClusterAuthorizedOperations);
        writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A broker in a DescribeCluster response.</summary>
public sealed class DescribeClusterBroker : IProtocolStruct<DescribeClusterBroker>
{
    public int BrokerId { get; set; }

    public string Host { get; set; } = "";

    public int Port { get; set; }

    /// <summary>Default null.</summary>
    public string? Rack { get; set; }

    public static DescribeClusterBroker Read(ref ProtocolReader reader, short version)
    {
        var broker = new DescribeClusterBroker
        {
            BrokerId = reader.ReadInt32(nameof(BrokerId)),
            Host = reader.ReadCompactString(nameof(Host)),
            Port = reader.ReadInt32(nameof(Port)),
            Rack = reader.ReadCompactNullableString(nameof(Rack)),
        };
        reader.SkipTaggedFields();
        return broker;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteInt32(BrokerId);
        writer.WriteCompactString(Host, nameof(Host));
        writer.WriteInt32(Port);
        writer.WriteCompactNullableString(Rack, nameof(Rack));
        writer.WriteEmptyTaggedFields();
    }
}
