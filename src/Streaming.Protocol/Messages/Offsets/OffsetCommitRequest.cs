namespace Streaming.Protocol.Messages;

/// <summary>
/// OffsetCommit request (key 8), versions 2-9 (Kafka 4.0's floor), flexible from 8. CommitTimestamp (v1 only) is
/// outside the supported range and not modelled.
/// </summary>
public sealed class OffsetCommitRequest : IKafkaRequest<OffsetCommitRequest, OffsetCommitResponse>
{
    private const string Name = nameof(OffsetCommitRequest);

    public static ApiKey ApiKey => ApiKey.OffsetCommit;

    public string GroupId { get; set; } = "";

    /// <summary>v1+, ignorable, default -1: the generation (classic groups) or member epoch (KIP-848 groups).</summary>
    public int GenerationIdOrMemberEpoch { get; set; } = -1;

    /// <summary>v1+, ignorable.</summary>
    public string MemberId { get; set; } = "";

    /// <summary>v7+, not ignorable, default null.</summary>
    public string? GroupInstanceId { get; set; }

    /// <summary>v2-4, ignorable, default -1 (broker's retention).</summary>
    public long RetentionTimeMs { get; set; } = -1;

    public List<OffsetCommitRequestTopic> Topics { get; set; } = [];

    public static OffsetCommitRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.OffsetCommit, version, Name);
        var message = new OffsetCommitRequest
        {
            GroupId = reader.ReadString(flexible, nameof(GroupId)),
            GenerationIdOrMemberEpoch = reader.ReadInt32(nameof(GenerationIdOrMemberEpoch)),
            MemberId = reader.ReadString(flexible, nameof(MemberId)),
        };
        if (version >= 7) message.GroupInstanceId = reader.ReadNullableString(flexible, nameof(GroupInstanceId));
        if (version <= 4) message.RetentionTimeMs = reader.ReadInt64(nameof(RetentionTimeMs));
        message.Topics = reader.ReadArray<OffsetCommitRequestTopic>(flexible, version, nameof(Topics), 2);
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.OffsetCommit, version, Name);
        writer.WriteString(GroupId, flexible, nameof(GroupId));
        writer.WriteInt32(GenerationIdOrMemberEpoch);
        writer.WriteString(MemberId, flexible, nameof(MemberId));
        if (version >= 7) writer.WriteNullableString(GroupInstanceId, flexible, nameof(GroupInstanceId));
        else VersionGuard.RequireDefault(GroupInstanceId is null, Name, nameof(GroupInstanceId), version);
        if (version <= 4) writer.WriteInt64(RetentionTimeMs);
        writer.WriteArray(Topics, flexible, version, nameof(Topics));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic's offsets in an OffsetCommit request.</summary>
public sealed class OffsetCommitRequestTopic : IProtocolStruct<OffsetCommitRequestTopic>
{
    public string Name { get; set; } = "";

    public List<OffsetCommitRequestPartition> Partitions { get; set; } = [];

    public static OffsetCommitRequestTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 8;
        var topic = new OffsetCommitRequestTopic
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Partitions = reader.ReadArray<OffsetCommitRequestPartition>(flexible, version, nameof(Partitions), 13),
        };
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 8;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteArray(Partitions, flexible, version, nameof(Partitions));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A partition's offset in an OffsetCommit request.</summary>
public sealed class OffsetCommitRequestPartition : IProtocolStruct<OffsetCommitRequestPartition>
{
    public int PartitionIndex { get; set; }

    public long CommittedOffset { get; set; }

    /// <summary>v6+, ignorable, default -1.</summary>
    public int CommittedLeaderEpoch { get; set; } = -1;

    public string? CommittedMetadata { get; set; } = "";

    public static OffsetCommitRequestPartition Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 8;
        var partition = new OffsetCommitRequestPartition
        {
            PartitionIndex = reader.ReadInt32(nameof(PartitionIndex)),
            CommittedOffset = reader.ReadInt64(nameof(CommittedOffset)),
        };
        if (version >= 6) partition.CommittedLeaderEpoch = reader.ReadInt32(nameof(CommittedLeaderEpoch));
        partition.CommittedMetadata = reader.ReadNullableString(flexible, nameof(CommittedMetadata));
        if (flexible) reader.SkipTaggedFields();
        return partition;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 8;
        writer.WriteInt32(PartitionIndex);
        writer.WriteInt64(CommittedOffset);
        if (version >= 6) writer.WriteInt32(CommittedLeaderEpoch);
        writer.WriteNullableString(CommittedMetadata, flexible, nameof(CommittedMetadata));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
