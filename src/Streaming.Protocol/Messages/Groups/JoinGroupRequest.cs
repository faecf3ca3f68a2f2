namespace Streaming.Protocol.Messages;

/// <summary>JoinGroup request (key 11), versions 0-9, flexible from 6.</summary>
public sealed class JoinGroupRequest : IKafkaRequest<JoinGroupRequest, JoinGroupResponse>
{
    private const string Name = nameof(JoinGroupRequest);

    public static ApiKey ApiKey => ApiKey.JoinGroup;

    public string GroupId { get; set; } = "";

    public int SessionTimeoutMs { get; set; }

    /// <summary>v1+, ignorable, default -1 (v0: the session timeout applies).</summary>
    public int RebalanceTimeoutMs { get; set; } = -1;

    public string MemberId { get; set; } = "";

    /// <summary>v5+, not ignorable, default null (static membership).</summary>
    public string? GroupInstanceId { get; set; }

    public string ProtocolType { get; set; } = "";

    public List<JoinGroupRequestProtocol> Protocols { get; set; } = [];

    /// <summary>v8+, ignorable, default null.</summary>
    public string? Reason { get; set; }

    public static JoinGroupRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.JoinGroup, version, Name);
        var message = new JoinGroupRequest
        {
            GroupId = reader.ReadString(flexible, nameof(GroupId)),
            SessionTimeoutMs = reader.ReadInt32(nameof(SessionTimeoutMs)),
        };
        if (version >= 1) message.RebalanceTimeoutMs = reader.ReadInt32(nameof(RebalanceTimeoutMs));
        message.MemberId = reader.ReadString(flexible, nameof(MemberId));
        if (version >= 5) message.GroupInstanceId = reader.ReadNullableString(flexible, nameof(GroupInstanceId));
        message.ProtocolType = reader.ReadString(flexible, nameof(ProtocolType));
        message.Protocols = reader.ReadArray<JoinGroupRequestProtocol>(flexible, version, nameof(Protocols), 2);
        if (version >= 8) message.Reason = reader.ReadNullableString(flexible, nameof(Reason));
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.JoinGroup, version, Name);
        writer.WriteString(GroupId, flexible, nameof(GroupId));
        writer.WriteInt32(SessionTimeoutMs);
        if (version >= 1) writer.WriteInt32(RebalanceTimeoutMs);
        writer.WriteString(MemberId, flexible, nameof(MemberId));
        if (version >= 5) writer.WriteNullableString(GroupInstanceId, flexible, nameof(GroupInstanceId));
        else VersionGuard.RequireDefault(GroupInstanceId is null, Name, nameof(GroupInstanceId), version);
        writer.WriteString(ProtocolType, flexible, nameof(ProtocolType));
        writer.WriteArray(Protocols, flexible, version, nameof(Protocols));
        if (version >= 8) writer.WriteNullableString(Reason, flexible, nameof(Reason));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A protocol (assignor) the member supports, with its metadata, in a JoinGroup request.</summary>
public sealed class JoinGroupRequestProtocol : IProtocolStruct<JoinGroupRequestProtocol>
{
    public string Name { get; set; } = "";

    public ReadOnlyMemory<byte> Metadata { get; set; }

    public static JoinGroupRequestProtocol Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 6;
        var protocol = new JoinGroupRequestProtocol
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Metadata = reader.ReadBytes(flexible, nameof(Metadata)),
        };
        if (flexible) reader.SkipTaggedFields();
        return protocol;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 6;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteBytes(Metadata.Span, flexible);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
