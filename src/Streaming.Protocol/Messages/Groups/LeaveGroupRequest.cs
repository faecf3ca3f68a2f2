namespace Streaming.Protocol.Messages;

/// <summary>LeaveGroup request (key 13), versions 0-5, flexible from 4; one member up to v2, a batch from v3.</summary>
public sealed class LeaveGroupRequest : IKafkaRequest<LeaveGroupRequest, LeaveGroupResponse>
{
    private const string Name = nameof(LeaveGroupRequest);

    public static ApiKey ApiKey => ApiKey.LeaveGroup;

    public string GroupId { get; set; } = "";

    /// <summary>v0-2, not ignorable.</summary>
    public string MemberId { get; set; } = "";

    /// <summary>v3+, not ignorable.</summary>
    public List<MemberIdentity> Members { get; set; } = [];

    public static LeaveGroupRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.LeaveGroup, version, Name);
        var message = new LeaveGroupRequest { GroupId = reader.ReadString(flexible, nameof(GroupId)) };
        if (version <= 2) message.MemberId = reader.ReadString(flexible, nameof(MemberId));
        else message.Members = reader.ReadArray<MemberIdentity>(flexible, version, nameof(Members), 2);
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.LeaveGroup, version, Name);
        writer.WriteString(GroupId, flexible, nameof(GroupId));
        if (version <= 2)
        {
            writer.WriteString(MemberId, flexible, nameof(MemberId));
            VersionGuard.RequireDefault(Members is not { Count: > 0 }, Name, nameof(Members), version);
        }
        else
        {
            VersionGuard.RequireDefault(MemberId == "", Name, nameof(MemberId), version);
            writer.WriteArray(Members, flexible, version, nameof(Members));
        }

        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A member leaving (LeaveGroup request v3+).</summary>
public sealed class MemberIdentity : IProtocolStruct<MemberIdentity>
{
    public string MemberId { get; set; } = "";

    /// <summary>Default null.</summary>
    public string? GroupInstanceId { get; set; }

    /// <summary>v5+, ignorable, default null.</summary>
    public string? Reason { get; set; }

    public static MemberIdentity Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 4;
        var member = new MemberIdentity
        {
            MemberId = reader.ReadString(flexible, nameof(MemberId)),
            GroupInstanceId = reader.ReadNullableString(flexible, nameof(GroupInstanceId)),
        };
        if (version >= 5) member.Reason = reader.ReadNullableString(flexible, nameof(Reason));
        if (flexible) reader.SkipTaggedFields();
        return member;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 4;
        writer.WriteString(MemberId, flexible, nameof(MemberId));
        writer.WriteNullableString(GroupInstanceId, flexible, nameof(GroupInstanceId));
        if (version >= 5) writer.WriteNullableString(Reason, flexible, nameof(Reason));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
