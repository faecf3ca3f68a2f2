namespace Streaming.Protocol.Messages;

/// <summary>LeaveGroup response (key 13), versions 0-5, flexible from 4.</summary>
public sealed class LeaveGroupResponse : IKafkaMessage<LeaveGroupResponse>
{
    private const string Name = nameof(LeaveGroupResponse);

    public static ApiKey ApiKey => ApiKey.LeaveGroup;

    /// <summary>v1+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    public short ErrorCode { get; set; }

    /// <summary>v3+, not ignorable.</summary>
    public List<MemberResponse> Members { get; set; } = [];

    public static LeaveGroupResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.LeaveGroup, version, Name);
        var message = new LeaveGroupResponse();
        if (version >= 1) message.ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs));
        message.ErrorCode = reader.ReadInt16(nameof(ErrorCode));
        if (version >= 3) message.Members = reader.ReadArray<MemberResponse>(flexible, version, nameof(Members), 4);
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.LeaveGroup, version, Name);
        if (version >= 1) writer.WriteInt32(ThrottleTimeMs);
        writer.WriteInt16(ErrorCode);
        if (version >= 3) writer.WriteArray(Members, flexible, version, nameof(Members));
        else VersionGuard.RequireDefault(Members is not { Count: > 0 }, Name, nameof(Members), version);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One leaving member's result (LeaveGroup response v3+).</summary>
public sealed class MemberResponse : IProtocolStruct<MemberResponse>
{
    public string MemberId { get; set; } = "";

    public string? GroupInstanceId { get; set; }

    public short ErrorCode { get; set; }

    public static MemberResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 4;
        var member = new MemberResponse
        {
            MemberId = reader.ReadString(flexible, nameof(MemberId)),
            GroupInstanceId = reader.ReadNullableString(flexible, nameof(GroupInstanceId)),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
        };
        if (flexible) reader.SkipTaggedFields();
        return member;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 4;
        writer.WriteString(MemberId, flexible, nameof(MemberId));
        writer.WriteNullableString(GroupInstanceId, flexible, nameof(GroupInstanceId));
        writer.WriteInt16(ErrorCode);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
