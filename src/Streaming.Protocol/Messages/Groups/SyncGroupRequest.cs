namespace Streaming.Protocol.Messages;

/// <summary>SyncGroup request (key 14), versions 0-5, flexible from 4.</summary>
public sealed class SyncGroupRequest : IKafkaRequest<SyncGroupRequest, SyncGroupResponse>
{
    private const string Name = nameof(SyncGroupRequest);

    public static ApiKey ApiKey => ApiKey.SyncGroup;

    public string GroupId { get; set; } = "";

    public int GenerationId { get; set; }

    public string MemberId { get; set; } = "";

    /// <summary>v3+, not ignorable, default null.</summary>
    public string? GroupInstanceId { get; set; }

    /// <summary>v5+, ignorable, default null.</summary>
    public string? ProtocolType { get; set; }

    /// <summary>v5+, ignorable, default null.</summary>
    public string? ProtocolName { get; set; }

    /// <summary>The leader's assignments (empty from followers).</summary>
    public List<SyncGroupRequestAssignment> Assignments { get; set; } = [];

    public static SyncGroupRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.SyncGroup, version, Name);
        var message = new SyncGroupRequest
        {
            GroupId = reader.ReadString(flexible, nameof(GroupId)),
            GenerationId = reader.ReadInt32(nameof(GenerationId)),
            MemberId = reader.ReadString(flexible, nameof(MemberId)),
        };
        if (version >= 3) message.GroupInstanceId = reader.ReadNullableString(flexible, nameof(GroupInstanceId));
        if (version >= 5)
        {
            message.ProtocolType = reader.ReadNullableString(flexible, nameof(ProtocolType));
            message.ProtocolName = reader.ReadNullableString(flexible, nameof(ProtocolName));
        }

        message.Assignments = reader.ReadArray<SyncGroupRequestAssignment>(flexible, version, nameof(Assignments), 2);
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.SyncGroup, version, Name);
        writer.WriteString(GroupId, flexible, nameof(GroupId));
        writer.WriteInt32(GenerationId);
        writer.WriteString(MemberId, flexible, nameof(MemberId));
        if (version >= 3) writer.WriteNullableString(GroupInstanceId, flexible, nameof(GroupInstanceId));
        else VersionGuard.RequireDefault(GroupInstanceId is null, Name, nameof(GroupInstanceId), version);
        if (version >= 5)
        {
            writer.WriteNullableString(ProtocolType, flexible, nameof(ProtocolType));
            writer.WriteNullableString(ProtocolName, flexible, nameof(ProtocolName));
        }

        writer.WriteArray(Assignments, flexible, version, nameof(Assignments));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One member's assignment in a SyncGroup request.</summary>
public sealed class SyncGroupRequestAssignment : IProtocolStruct<SyncGroupRequestAssignment>
{
    public string MemberId { get; set; } = "";

    public ReadOnlyMemory<byte> Assignment { get; set; }

    public static SyncGroupRequestAssignment Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 4;
        var assignment = new SyncGroupRequestAssignment
        {
            MemberId = reader.ReadString(flexible, nameof(MemberId)),
            Assignment = reader.ReadBytes(flexible, nameof(Assignment)),
        };
        if (flexible) reader.SkipTaggedFields();
        return assignment;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 4;
        writer.WriteString(MemberId, flexible, nameof(MemberId));
        writer.WriteBytes(Assignment.Span, flexible);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
