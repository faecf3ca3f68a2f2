namespace Streaming.Protocol.Messages;

/// <summary>Heartbeat request (key 12), versions 0-4, flexible from 4.</summary>
public sealed class HeartbeatRequest : IKafkaRequest<HeartbeatRequest, HeartbeatResponse>
{
    private const string Name = nameof(HeartbeatRequest);

    public static ApiKey ApiKey => ApiKey.Heartbeat;

    public string GroupId { get; set; } = "";

    public int GenerationId { get; set; }

    public string MemberId { get; set; } = "";

    /// <summary>v3+, not ignorable, default null.</summary>
    public string? GroupInstanceId { get; set; }

    public static HeartbeatRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Heartbeat, version, Name);
        var message = new HeartbeatRequest
        {
            GroupId = reader.ReadString(flexible, nameof(GroupId)),
            GenerationId = reader.ReadInt32(nameof(GenerationId)),
            MemberId = reader.ReadString(flexible, nameof(MemberId)),
        };
        if (version >= 3) message.GroupInstanceId = reader.ReadNullableString(flexible, nameof(GroupInstanceId));
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Heartbeat, version, Name);
        writer.WriteString(GroupId, flexible, nameof(GroupId));
        writer.WriteInt32(GenerationId);
        writer.WriteString(MemberId, flexible, nameof(MemberId));
        if (version >= 3) writer.WriteNullableString(GroupInstanceId, flexible, nameof(GroupInstanceId));
        else VersionGuard.RequireDefault(GroupInstanceId is null, Name, nameof(GroupInstanceId), version);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
