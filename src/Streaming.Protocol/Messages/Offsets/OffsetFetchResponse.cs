namespace Streaming.Protocol.Messages;

/// <summary>
/// OffsetFetch response (key 9), versions 1-9, flexible from 6. One group (Topics, ErrorCode) up to v7; several groups
/// (Groups) from v8.
/// </summary>
public sealed class OffsetFetchResponse : IKafkaMessage<OffsetFetchResponse>
{
    private const string Name = nameof(OffsetFetchResponse);

    public static ApiKey ApiKey => ApiKey.OffsetFetch;

    /// <summary>v3+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    /// <summary>v0-7, not ignorable.</summary>
    public List<OffsetFetchResponseTopic> Topics { get; set; } = [];

    /// <summary>v2-7, ignorable.</summary>
    public short ErrorCode { get; set; }

    /// <summary>v8+, not ignorable.</summary>
    public List<OffsetFetchResponseGroup> Groups { get; set; } = [];

    public static OffsetFetchResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.OffsetFetch, version, Name);
        var message = new OffsetFetchResponse();
        if (version >= 3) message.ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs));
        if (version <= 7)
        {
            message.Topics = reader.ReadArray<OffsetFetchResponseTopic>(flexible, version, nameof(Topics), 2);
            if (version >= 2) message.ErrorCode = reader.ReadInt16(nameof(ErrorCode));
        }
        else
        {
            message.Groups = reader.ReadArray<OffsetFetchResponseGroup>(flexible, version, nameof(Groups), 4);
        }

        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.OffsetFetch, version, Name);
        if (version >= 3) writer.WriteInt32(ThrottleTimeMs);
        if (version <= 7)
        {
            writer.WriteArray(Topics, flexible, version, nameof(Topics));
            if (version >= 2) writer.WriteInt16(ErrorCode);
            VersionGuard.RequireDefault(Groups is not { Count: > 0 }, Name, nameof(Groups), version);
        }
        else
        {
            VersionGuard.RequireDefault(Topics is not { Count: > 0 }, Name, nameof(Topics), version);
            writer.WriteArray(Groups, flexible, version, nameof(Groups));
        }

        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One group's offsets (OffsetFetch response v8+).</summary>
public sealed class OffsetFetchResponseGroup : IProtocolStruct<OffsetFetchResponseGroup>
{
    public string GroupId { get; set; } = "";

    public List<OffsetFetchResponseTopic> Topics { get; set; } = [];

    public short ErrorCode { get; set; }

    public static OffsetFetchResponseGroup Read(ref ProtocolReader reader, short version)
    {
        var group = new OffsetFetchResponseGroup
        {
            GroupId = reader.ReadCompactString(nameof(GroupId)),
            Topics = reader.ReadArray<OffsetFetchResponseTopic>(true, version, nameof(Topics), 2),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
        };
        reader.SkipTaggedFields();
        return group;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteCompactString(GroupId, nameof(GroupId));
        writer.WriteArray(Topics, true, version, nameof(Topics));
        writer.WriteInt16(ErrorCode);
        writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic's committed offsets (OffsetFetch response, both layouts).</summary>
public sealed class OffsetFetchResponseTopic : IProtocolStruct<OffsetFetchResponseTopic>
{
    public string Name { get; set; } = "";

    public List<OffsetFetchResponsePartition> Partitions { get; set; } = [];

    public static OffsetFetchResponseTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 6;
        var topic = new OffsetFetchResponseTopic
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Partitions = reader.ReadArray<OffsetFetchResponsePartition>(flexible, version, nameof(Partitions), 15),
        };
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 6;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteArray(Partitions, flexible, version, nameof(Partitions));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A partition's committed offset (OffsetFetch response, both layouts).</summary>
public sealed class OffsetFetchResponsePartition : IProtocolStruct<OffsetFetchResponsePartition>
{
    public int PartitionIndex { get; set; }

    public long CommittedOffset { get; set; }

    /// <summary>v5+, ignorable, default -1.</summary>
    public int CommittedLeaderEpoch { get; set; } = -1;

    public string? Metadata { get; set; } = "";

    public short ErrorCode { get; set; }

    public static OffsetFetchResponsePartition Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 6;
        var partition = new OffsetFetchResponsePartition
        {
            PartitionIndex = reader.ReadInt32(nameof(PartitionIndex)),
            CommittedOffset = reader.ReadInt64(nameof(CommittedOffset)),
        };
        if (version >= 5) partition.CommittedLeaderEpoch = reader.ReadInt32(nameof(CommittedLeaderEpoch));
        partition.Metadata = reader.ReadNullableString(flexible, nameof(Metadata));
        partition.ErrorCode = reader.ReadInt16(nameof(ErrorCode));
        if (flexible) reader.SkipTaggedFields();
        return partition;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 6;
        writer.WriteInt32(PartitionIndex);
        writer.WriteInt64(CommittedOffset);
        if (version >= 5) writer.WriteInt32(CommittedLeaderEpoch);
        writer.WriteNullableString(Metadata, flexible, nameof(Metadata));
        writer.WriteInt16(ErrorCode);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
