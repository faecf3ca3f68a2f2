namespace Streaming.Protocol.Messages;

/// <summary>A topic in a Metadata response.</summary>
public sealed class MetadataResponseTopic : IProtocolStruct<MetadataResponseTopic>
{
    private const string Message = nameof(MetadataResponse);

    public short ErrorCode { get; set; }

    /// <summary>The topic name; nullable from v12 (unknown topic asked for by id).</summary>
    public string? Name { get; set; } = "";

    /// <summary>v10+, ignorable.</summary>
    public Guid TopicId { get; set; }

    /// <summary>v1+, ignorable.</summary>
    public bool IsInternal { get; set; }

    public List<MetadataResponsePartition> Partitions { get; set; } = [];

    /// <summary>v8+, not ignorable, default int.MinValue (not requested).</summary>
    public int TopicAuthorizedOperations { get; set; } = int.MinValue;

    public static MetadataResponseTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 9;
        var topic = new MetadataResponseTopic
        {
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
            Name = version >= 12 ? reader.ReadNullableString(flexible, nameof(Name)) : reader.ReadString(flexible, nameof(Name)),
        };
        if (version >= 10) topic.TopicId = reader.ReadUuid(nameof(TopicId));
        if (version >= 1) topic.IsInternal = reader.ReadBool(nameof(IsInternal));
        topic.Partitions = reader.ReadArray<MetadataResponsePartition>(flexible, version, nameof(Partitions), 10);
        if (version >= 8) topic.TopicAuthorizedOperations = reader.ReadInt32(nameof(TopicAuthorizedOperations));
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 9;
        writer.WriteInt16(ErrorCode);
        if (version >= 12) writer.WriteNullableString(Name, flexible, nameof(Name));
        else writer.WriteString(Name!, flexible, nameof(Name));
        if (version >= 10) writer.WriteUuid(TopicId);
        if (version >= 1) writer.WriteBool(IsInternal);
        writer.WriteArray(Partitions, flexible, version, nameof(Partitions));
        if (version >= 8) writer.WriteInt32(TopicAuthorizedOperations);
        else VersionGuard.RequireDefault(TopicAuthorizedOperations == int.MinValue, Message, nameof(TopicAuthorizedOperations), version);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A partition in a Metadata response.</summary>
public sealed class MetadataResponsePartition : IProtocolStruct<MetadataResponsePartition>
{
    public short ErrorCode { get; set; }

    public int PartitionIndex { get; set; }

    public int LeaderId { get; set; }

    /// <summary>v7+, ignorable, default -1.</summary>
    public int LeaderEpoch { get; set; } = -1;

    public List<int> ReplicaNodes { get; set; } = [];

    public List<int> IsrNodes { get; set; } = [];

    /// <summary>v5+, ignorable.</summary>
    public List<int> OfflineReplicas { get; set; } = [];

    public static MetadataResponsePartition Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 9;
        var partition = new MetadataResponsePartition
        {
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
            PartitionIndex = reader.ReadInt32(nameof(PartitionIndex)),
            LeaderId = reader.ReadInt32(nameof(LeaderId)),
        };
        if (version >= 7) partition.LeaderEpoch = reader.ReadInt32(nameof(LeaderEpoch));
        partition.ReplicaNodes = reader.ReadInt32Array(flexible, nameof(ReplicaNodes));
        partition.IsrNodes = reader.ReadInt32Array(flexible, nameof(IsrNodes));
        if (version >= 5) partition.OfflineReplicas = reader.ReadInt32Array(flexible, nameof(OfflineReplicas));
        if (flexible) reader.SkipTaggedFields();
        return partition;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 9;
        writer.WriteInt16(ErrorCode);
        writer.WriteInt32(PartitionIndex);
        writer.WriteInt32(LeaderId);
        if (version >= 7) writer.WriteInt32(LeaderEpoch);
        writer.WriteInt32Array(ReplicaNodes, flexible, nameof(ReplicaNodes));
        writer.WriteInt32Array(IsrNodes, flexible, nameof(IsrNodes));
        if (version >= 5) writer.WriteInt32Array(OfflineReplicas, flexible, nameof(OfflineReplicas));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
