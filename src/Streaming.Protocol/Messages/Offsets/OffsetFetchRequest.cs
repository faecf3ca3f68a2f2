namespace Streaming.Protocol.Messages;

/// <summary>
/// OffsetFetch request (key 9), versions 1-9 (Kafka 4.0's floor), flexible from 6. One group (GroupId, Topics) up to
/// v7; several groups (Groups) from v8. Topics null means all topics (v2+).
/// </summary>
public sealed class OffsetFetchRequest : IKafkaRequest<OffsetFetchRequest, OffsetFetchResponse>
{
    private const string Name = nameof(OffsetFetchRequest);

    public static ApiKey ApiKey => ApiKey.OffsetFetch;

    /// <summary>v0-7, not ignorable.</summary>
    public string GroupId { get; set; } = "";

    /// <summary>v0-7, not ignorable; nullable from v2 (null = all topics).</summary>
    public List<OffsetFetchRequestTopic>? Topics { get; set; } = [];

    /// <summary>v8+, not ignorable.</summary>
    public List<OffsetFetchRequestGroup> Groups { get; set; } = [];

    /// <summary>v7+, not ignorable.</summary>
    public bool RequireStable { get; set; }

    public static OffsetFetchRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.OffsetFetch, version, Name);
        var message = new OffsetFetchRequest();
        if (version <= 7)
        {
            message.GroupId = reader.ReadString(flexible, nameof(GroupId));
            message.Topics = version >= 2
                ? reader.ReadNullableArray<OffsetFetchRequestTopic>(flexible, version, nameof(Topics), 2)
                : reader.ReadArray<OffsetFetchRequestTopic>(flexible, version, nameof(Topics), 6);
        }
        else
        {
            message.Groups = reader.ReadArray<OffsetFetchRequestGroup>(flexible, version, nameof(Groups), 6);
        }

        if (version >= 7) message.RequireStable = reader.ReadBool(nameof(RequireStable));
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.OffsetFetch, version, Name);
        if (version <= 7)
        {
            writer.WriteString(GroupId, flexible, nameof(GroupId));
            if (version >= 2) writer.WriteNullableArray(Topics, flexible, version);
            else writer.WriteArray(Topics!, flexible, version, nameof(Topics));
            VersionGuard.RequireDefault(Groups is not { Count: > 0 }, Name, nameof(Groups), version);
        }
        else
        {
            VersionGuard.RequireDefault(GroupId == "", Name, nameof(GroupId), version);
            VersionGuard.RequireDefault(Topics is { Count: 0 }, Name, nameof(Topics), version);
            writer.WriteArray(Groups, flexible, version, nameof(Groups));
        }

        if (version >= 7) writer.WriteBool(RequireStable);
        else VersionGuard.RequireDefault(!RequireStable, Name, nameof(RequireStable), version);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A group whose offsets are asked for (OffsetFetch request v8+).</summary>
public sealed class OffsetFetchRequestGroup : IProtocolStruct<OffsetFetchRequestGroup>
{
    public string GroupId { get; set; } = "";

    /// <summary>v9+, ignorable, default null.</summary>
    public string? MemberId { get; set; }

    /// <summary>v9+, ignorable, default -1.</summary>
    public int MemberEpoch { get; set; } = -1;

    /// <summary>Null means all topics.</summary>
    public List<OffsetFetchRequestTopic>? Topics { get; set; } = [];

    public static OffsetFetchRequestGroup Read(ref ProtocolReader reader, short version)
    {
        var group = new OffsetFetchRequestGroup { GroupId = reader.ReadCompactString(nameof(GroupId)) };
        if (version >= 9)
        {
            group.MemberId = reader.ReadCompactNullableString(nameof(MemberId));
            group.MemberEpoch = reader.ReadInt32(nameof(MemberEpoch));
        }

        group.Topics = reader.ReadNullableArray<OffsetFetchRequestTopic>(true, version, nameof(Topics), 2);
        reader.SkipTaggedFields();
        return group;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteCompactString(GroupId, nameof(GroupId));
        if (version >= 9)
        {
            writer.WriteCompactNullableString(MemberId, nameof(MemberId));
            writer.WriteInt32(MemberEpoch);
        }

        writer.WriteNullableArray(Topics, true, version);
        writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic's partitions whose offsets are asked for (OffsetFetch request, both layouts).</summary>
public sealed class OffsetFetchRequestTopic : IProtocolStruct<OffsetFetchRequestTopic>
{
    public string Name { get; set; } = "";

    public List<int> PartitionIndexes { get; set; } = [];

    public static OffsetFetchRequestTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 6;
        var topic = new OffsetFetchRequestTopic
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            PartitionIndexes = reader.ReadInt32Array(flexible, nameof(PartitionIndexes)),
        };
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 6;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteInt32Array(PartitionIndexes, flexible, nameof(PartitionIndexes));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
