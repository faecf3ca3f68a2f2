namespace Streaming.Protocol.Messages;

/// <summary>DeleteGroups response (key 42), versions 0-2, flexible from 2.</summary>
public sealed class DeleteGroupsResponse : IKafkaMessage<DeleteGroupsResponse>
{
    private const string Name = nameof(DeleteGroupsResponse);

    public static ApiKey ApiKey => ApiKey.DeleteGroups;

    public int ThrottleTimeMs { get; set; }

    public List<DeletableGroupResult> Results { get; set; } = [];

    public static DeleteGroupsResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DeleteGroups, version, Name);
        var message = new DeleteGroupsResponse
        {
            ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)),
            Results = reader.ReadArray<DeletableGroupResult>(flexible, version, nameof(Results), 3),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DeleteGroups, version, Name);
        writer.WriteInt32(ThrottleTimeMs);
        writer.WriteArray(Results, flexible, version, nameof(Results));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One group's deletion result.</summary>
public sealed class DeletableGroupResult : IProtocolStruct<DeletableGroupResult>
{
    public string GroupId { get; set; } = "";

    public short ErrorCode { get; set; }

    public static DeletableGroupResult Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 2;
        var result = new DeletableGroupResult
        {
            GroupId = reader.ReadString(flexible, nameof(GroupId)),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
        };
        if (flexible) reader.SkipTaggedFields();
        return result;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 2;
        writer.WriteString(GroupId, flexible, nameof(GroupId));
        writer.WriteInt16(ErrorCode);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
