namespace Streaming.Protocol.Messages;

/// <summary>DescribeGroups request (key 15), versions 0-5, flexible from 5.</summary>
public sealed class DescribeGroupsRequest : IKafkaRequest<DescribeGroupsRequest, DescribeGroupsResponse>
{
    private const string Name = nameof(DescribeGroupsRequest);

    public static ApiKey ApiKey => ApiKey.DescribeGroups;

    public List<string> Groups { get; set; } = [];

    /// <summary>v3+, not ignorable.</summary>
    public bool IncludeAuthorizedOperations { get; set; }

    public static DescribeGroupsRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DescribeGroups, version, Name);
        var message = new DescribeGroupsRequest { Groups = reader.ReadStringArray(flexible, nameof(Groups)) };
        if (version >= 3) message.IncludeAuthorizedOperations = reader.ReadBool(nameof(IncludeAuthorizedOperations));
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DescribeGroups, version, Name);
        writer.WriteStringArray(Groups, flexible, nameof(Groups));
        if (version >= 3) writer.WriteBool(IncludeAuthorizedOperations);
        else VersionGuard.RequireDefault(!IncludeAuthorizedOperations, Name, nameof(IncludeAuthorizedOperations), version);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
