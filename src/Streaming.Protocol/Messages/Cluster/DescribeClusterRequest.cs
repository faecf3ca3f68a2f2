namespace Streaming.Protocol.Messages;

/// <summary>DescribeCluster request (key 60), versions 0-1, flexible in all versions.</summary>
public sealed class DescribeClusterRequest : IKafkaRequest<DescribeClusterRequest, DescribeClusterResponse>
{
    private const string Name = nameof(DescribeClusterRequest);

    public static ApiKey ApiKey => ApiKey.DescribeCluster;

    public bool IncludeClusterAuthorizedOperations { get; set; }

    /// <summary>v1+, not ignorable, default 1 (brokers; 2 = controllers).</summary>
    public sbyte EndpointType { get; set; } = 1;

    public static DescribeClusterRequest Read(ref ProtocolReader reader, short version)
    {
        ApiVersionTable.Check(ApiKey.DescribeCluster, version, Name);
        var message = new DescribeClusterRequest { IncludeClusterAuthorizedOperations = reader.ReadBool(nameof(IncludeClusterAuthorizedOperations)) };
        if (version >= 1) message.EndpointType = reader.ReadInt8(nameof(EndpointType));
        reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        ApiVersionTable.Check(ApiKey.DescribeCluster, version, Name);
        writer.WriteBool(IncludeClusterAuthorizedOperations);
        if (version >= 1) writer.WriteInt8(EndpointType);
        else VersionGuard.RequireDefault(EndpointType == 1, Name, nameof(EndpointType), version);
        writer.WriteEmptyTaggedFields();
    }
}
