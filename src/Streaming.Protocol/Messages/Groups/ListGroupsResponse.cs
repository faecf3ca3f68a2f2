namespace Streaming.Protocol.Messages;

/// <summary>ListGroups response (key 16), versions 0-5, flexible from 3.</summary>
public sealed class ListGroupsResponse : IKafkaMessage<ListGroupsResponse>
{
    private const string Name = nameof(ListGroupsResponse);

    public static ApiKey ApiKey => ApiKey.ListGroups;

    /// <summary>v1+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    public short ErrorCode { get; set; }

    public List<ListedGroup> Groups { get; set; } = [];

    public static ListGroupsResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.ListGroups, version, Name);
        var message = new ListGroupsResponse();
        if (version >= 1) message.ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs));
        message.ErrorCode = reader.ReadInt16(nameof(ErrorCode));
        message.Groups = reader.ReadArray<ListedGroup>(flexible, version, nameof(Groups), 2);
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.ListGroups, version, Name);
        if (version >= 1) writer.WriteInt32(ThrottleTimeMs);
        writer.WriteInt16(ErrorCode);
        writer.WriteArray(Groups, flexible, version, nameof(Groups));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A group in a ListGroups response.</summary>
public sealed class ListedGroup : IProtocolStruct<ListedGroup>
{
    public string GroupId { get; set; } = "";

    public string ProtocolType { get; set; } = "";

    /// <summary>v4+, ignorable.</summary>
    public string GroupState { get; set; } = "";

    /// <summary>v5+, ignorable.</summary>
    public string GroupType { get; set; } = "";

    public static ListedGroup Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 3;
        var group = new ListedGroup
        {
            GroupId = reader.ReadString(flexible, nameof(GroupId)),
            ProtocolType = reader.ReadString(flexible, nameof(ProtocolType)),
        };
        if (version >= 4) group.GroupState = reader.ReadString(flexible, nameof(GroupState));
        if (version >= 5) group.GroupType = reader.ReadString(flexible, nameof(GroupType));
        if (flexible) reader.SkipTaggedFields();
        return group;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 3;
        writer.WriteString(GroupId, flexible, nameof(GroupId));
        writer.WriteString(ProtocolType, flexible, nameof(ProtocolType));
        if (version >= 4) writer.WriteString(GroupState, flexible, nameof(GroupState));
        if (version >= 5) writer.WriteString(GroupType, flexible, nameof(GroupType));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
