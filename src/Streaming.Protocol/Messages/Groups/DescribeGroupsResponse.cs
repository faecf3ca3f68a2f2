namespace Streaming.Protocol.Messages;

/// <summary>DescribeGroups response (key 15), versions 0-5, flexible from 5.</summary>
public sealed class DescribeGroupsResponse : IKafkaMessage<DescribeGroupsResponse>
{
    private const string Name = nameof(DescribeGroupsResponse);

    public static ApiKey ApiKey => ApiKey.DescribeGroups;

    /// <summary>v1+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    public List<DescribedGroup> Groups { get; set; } = [];

    public static DescribeGroupsResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DescribeGroups, version, Name);
        var message = new DescribeGroupsResponse();
        if (version >= 1) message.ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs));
        message.Groups = reader.ReadArray<DescribedGroup>(flexible, version, nameof(Groups), 7);
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DescribeGroups, version, Name);
        if (version >= 1) writer.WriteInt32(ThrottleTimeMs);
        writer.WriteArray(Groups, flexible, version, nameof(Groups));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A group in a DescribeGroups response.</summary>
public sealed class DescribedGroup : IProtocolStruct<DescribedGroup>
{
    private const string Message = nameof(DescribeGroupsResponse);

    public short ErrorCode { get; set; }

    public string GroupId { get; set; } = "";

    public string GroupState { get; set; } = "";

    public string ProtocolType { get; set; } = "";

    /// <summary>The chosen protocol (assignor), filled only when the group is Stable.</summary>
    public string ProtocolData { get; set; } = "";

    public List<DescribedGroupMember> Members { get; set; } = [];

    /// <summary>v3+, not ignorable, default int.MinValue (not requested).</summary>
    public int AuthorizedOperations { get; set; } = int.MinValue;

    public static DescribedGroup Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 5;
        var group = new DescribedGroup
        {
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
            GroupId = reader.ReadString(flexible, nameof(GroupId)),
            GroupState = reader.ReadString(flexible, nameof(GroupState)),
            ProtocolType = reader.ReadString(flexible, nameof(ProtocolType)),
            ProtocolData = reader.ReadString(flexible, nameof(ProtocolData)),
            Members = reader.ReadArray<DescribedGroupMember>(flexible, version, nameof(Members), 5),
        };
        if (version >= 3) group.AuthorizedOperations = reader.ReadInt32(nameof(AuthorizedOperations));
        if (flexible) reader.SkipTaggedFields();
        return group;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 5;
        writer.WriteInt16(ErrorCode);
        writer.WriteString(GroupId, flexible, nameof(GroupId));
        writer.WriteString(GroupState, flexible, nameof(GroupState));
        writer.WriteString(ProtocolType, flexible, nameof(ProtocolType));
        writer.WriteString(ProtocolData, flexible, nameof(ProtocolData));
        writer.WriteArray(Members, flexible, version, nameof(Members));
        if (version >= 3) writer.WriteInt32(AuthorizedOperations);
        else VersionGuard.RequireDefault(AuthorizedOperations == int.MinValue, Message, nameof(AuthorizedOperations), version);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A member of a described group.</summary>
public sealed class DescribedGroupMember : IProtocolStruct<DescribedGroupMember>
{
    public string MemberId { get; set; } = "";

    /// <summary>v4+, ignorable, default null.</summary>
    public string? GroupInstanceId { get; set; }

    public string ClientId { get; set; } = "";

    public string ClientHost { get; set; } = "";

    public ReadOnlyMemory<byte> MemberMetadata { get; set; }

    public ReadOnlyMemory<byte> MemberAssignment { get; set; }

    public static DescribedGroupMember Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 5;
        var member = new DescribedGroupMember { MemberId = reader.ReadString(flexible, nameof(MemberId)) };
        if (version >= 4) member.GroupInstanceId = reader.ReadNullableString(flexible, nameof(GroupInstanceId));
        member.ClientId = reader.ReadString(flexible, nameof(ClientId));
        member.ClientHost = reader.ReadString(flexible, nameof(ClientHost));
        member.MemberMetadata = reader.ReadBytes(flexible, nameof(MemberMetadata));
        member.MemberAssignment = reader.ReadBytes(flexible, nameof(MemberAssignment));
        if (flexible) reader.SkipTaggedFields();
        return member;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 5;
        writer.WriteString(MemberId, flexible, nameof(MemberId));
        if (version >= 4) writer.WriteNullableString(GroupInstanceId, flexible, nameof(GroupInstanceId));
        writer.WriteString(ClientId, flexible, nameof(ClientId));
        writer.WriteString(ClientHost, flexible, nameof(ClientHost));
        writer.WriteBytes(MemberMetadata.Span, flexible);
        writer.WriteBytes(MemberAssignment.Span, flexible);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
