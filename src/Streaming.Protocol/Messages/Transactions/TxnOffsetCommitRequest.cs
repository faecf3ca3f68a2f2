namespace Streaming.Protocol.Messages;

/// <summary>TxnOffsetCommit request (key 28), versions 0-4, flexible from 3.</summary>
public sealed class TxnOffsetCommitRequest : IKafkaRequest<TxnOffsetCommitRequest, TxnOffsetCommitResponse>
{
    private const string Name = nameof(TxnOffsetCommitRequest);

    public static ApiKey ApiKey => ApiKey.TxnOffsetCommit;

    public string TransactionalId { get; set; } = "";

    public string GroupId { get; set; } = "";

    public long ProducerId { get; set; }

    public short ProducerEpoch { get; set; }

    /// <summary>v3+, not ignorable, default -1.</summary>
    public int GenerationId { get; set; } = -1;

    /// <summary>v3+, not ignorable, default "".</summary>
    public string MemberId { get; set; } = "";

    /// <summary>v3+, not ignorable, default null.</summary>
    public string? GroupInstanceId { get; set; }

    public List<TxnOffsetCommitRequestTopic> Topics { get; set; } = [];

    public static TxnOffsetCommitRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.TxnOffsetCommit, version, Name);
        var message = new TxnOffsetCommitRequest
        {
            TransactionalId = reader.ReadString(flexible, nameof(TransactionalId)),
            GroupId = reader.ReadString(flexible, nameof(GroupId)),
            ProducerId = reader.ReadInt64(nameof(ProducerId)),
            ProducerEpoch = reader.ReadInt16(nameof(ProducerEpoch)),
        };
        if (version >= 3)
        {
            message.GenerationId = reader.ReadInt32(nameof(GenerationId));
            message.MemberId = reader.ReadString(flexible, nameof(MemberId));
            message.GroupInstanceId = reader.ReadNullableString(flexible, nameof(GroupInstanceId));
        }

        message.Topics = reader.ReadArray<TxnOffsetCommitRequestTopic>(flexible, version, nameof(Topics), 2);
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.TxnOffsetCommit, version, Name);
        writer.WriteString(TransactionalId, flexible, nameof(TransactionalId));
        writer.WriteString(GroupId, flexible, nameof(GroupId));
        writer.WriteInt64(ProducerId);
        writer.WriteInt16(ProducerEpoch);
        if (version >= 3)
        {
            writer.WriteInt32(GenerationId);
            writer.WriteString(MemberId, flexible, nameof(MemberId));
            writer.WriteNullableString(GroupInstanceId, flexible, nameof(GroupInstanceId));
        }
        else
        {
            VersionGuard.RequireDefault(GenerationId == -1, Name, nameof(GenerationId), version);
            VersionGuard.RequireDefault(MemberId == "", Name, nameof(MemberId), version);
            VersionGuard.RequireDefault(GroupInstanceId is null, Name, nameof(GroupInstanceId), version);
        }

        writer.WriteArray(Topics, flexible, version, nameof(Topics));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic's offsets committed in a transaction.</summary>
public sealed class TxnOffsetCommitRequestTopic : IProtocolStruct<TxnOffsetCommitRequestTopic>
{
    public string Name { get; set; } = "";

    public List<TxnOffsetCommitRequestPartition> Partitions { get; set; } = [];

    public static TxnOffsetCommitRequestTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 3;
        var topic = new TxnOffsetCommitRequestTopic
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Partitions = reader.ReadArray<TxnOffsetCommitRequestPartition>(flexible, version, nameof(Partitions), 13),
        };
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 3;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteArray(Partitions, flexible, version, nameof(Partitions));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A partition's offset committed in a transaction.</summary>
public sealed class TxnOffsetCommitRequestPartition : IProtocolStruct<TxnOffsetCommitRequestPartition>
{
    public int PartitionIndex { get; set; }

    public long CommittedOffset { get; set; }

    /// <summary>v2+, ignorable, default -1.</summary>
    public int CommittedLeaderEpoch { get; set; } = -1;

    public string? CommittedMetadata { get; set; } = "";

    public static TxnOffsetCommitRequestPartition Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 3;
        var partition = new TxnOffsetCommitRequestPartition
        {
            PartitionIndex = reader.ReadInt32(nameof(PartitionIndex)),
            CommittedOffset = reader.ReadInt64(nameof(CommittedOffset)),
        };
        if (version >= 2) partition.CommittedLeaderEpoch = reader.ReadInt32(nameof(CommittedLeaderEpoch));
        partition.CommittedMetadata = reader.ReadNullableString(flexible, nameof(CommittedMetadata));
        if (flexible) reader.SkipTaggedFields();
        return partition;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 3;
        writer.WriteInt32(PartitionIndex);
        writer.WriteInt64(CommittedOffset);
        if (version >= 2) writer.WriteInt32(CommittedLeaderEpoch);
        writer.WriteNullableString(CommittedMetadata, flexible, nameof(CommittedMetadata));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
