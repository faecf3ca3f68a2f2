namespace Streaming.Protocol.Messages;

/// <summary>JoinGroup response (key 11), versions 0-9, flexible from 6.</summary>
public sealed class JoinGroupResponse : IKafkaMessage<JoinGroupResponse>
{
    private const string Name = nameof(JoinGroupResponse);

    public static ApiKey ApiKey => ApiKey.JoinGroup;

    /// <summary>v2+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    public short ErrorCode { get; set; }

    /// <summary>Default -1.</summary>
    public int GenerationId { get; set; } = -1;

    /// <summary>v7+, ignorable, default null.</summary>
    public string? ProtocolType { get; set; }

    /// <summary>The chosen protocol; nullable from v7.</summary>
    public string? ProtocolName { get; set; } = "";

    public string Leader { get; set; } = "";

    /// <summary>v9+, not ignorable.</summary>
    public bool SkipAssignment { get; set; }

    public string MemberId { get; set; } = "";

    public List<JoinGroupResponseMember> Members { get; set; } = [];

    public static JoinGroupResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.JoinGroup, version, Name);
        var message = new JoinGroupResponse();
        if (version >= 2) message.ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs));
        message.ErrorCode = reader.ReadInt16(nameof(ErrorCode));
        message.GenerationId = reader.ReadInt32(nameof(GenerationId));
        if (version >= 7)
        {
            message.ProtocolType = reader.ReadNullableString(flexible, nameof(ProtocolType));
            message.ProtocolName = reader.ReadNullableString(flexible, nameof(ProtocolName));
        }
        else
        {
            message.ProtocolName = reader.ReadString(flexible, nameof(ProtocolName));
        }

        message.Leader = reader.ReadString(flexible, nameof(Leader));
        if (version >= 9) message.SkipAssignment = reader.ReadBool(nameof(SkipAssignment));
        message.MemberId = reader.ReadString(flexible, nameof(MemberId));
        message.Members = reader.ReadArray<JoinGroupResponseMember>(flexible, version, nameof(Members), 2);
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.JoinGroup, version, Name);
        if (version >= 2) writer.WriteInt32(ThrottleTimeMs);
        writer.WriteInt16(ErrorCode);
        writer.WriteInt32(GenerationId);
        if (version >= 7)
        {
            writer.WriteNullableString(ProtocolType, flexible, nameof(ProtocolType));
            writer.WriteNullableString(ProtocolName, flexible, nameof(ProtocolName));
        }
        else
        {
            writer.WriteString(ProtocolName!, flexible, nameof(ProtocolName));
        }

        writer.WriteString(Leader, flexible, nameof(Leader));
        if (version >= 9) writer.WriteBool(SkipAssignment);
        else VersionGuard.RequireDefault(!SkipAssignment, Name, nameof(SkipAssignment), version);
        writer.WriteString(MemberId, flexible, nameof(MemberId));
        writer.WriteArray(Members, flexible, version, nameof(Members));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A group member and its metadata, sent to the leader in a JoinGroup response.</summary>
public sealed class JoinGroupResponseMember : IProtocolStruct<JoinGroupResponseMember>
{
    public string MemberId { get; set; } = "";

    /// <summary>v5+, ignorable, default null.</summary>
    public string? GroupInstanceId { get; set; }

    public ReadOnlyMemory<byte> Metadata { get; set; }

    public static JoinGroupResponseMember Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 6;
        var member = new JoinGroupResponseMember { MemberId = reader.ReadString(flexible, nameof(MemberId)) };
        if (version >= 5) member.GroupInstanceId = reader.ReadNullableString(flexible, nameof(GroupInstanceId));
        member.Metadata = reader.ReadBytes(flexible, nameof(Metadata));
        if (flexible) reader.SkipTaggedFields();
        return member;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 6;
        writer.WriteString(MemberId, flexible, nameof(MemberId));
        if (version >= 5) writer.WriteNullableString(GroupInstanceId, flexible, nameof(GroupInstanceId));
        writer.WriteBytes(Metadata.Span, flexible);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
