namespace Streaming.Protocol.Messages;

/// <summary>
/// ListOffsets request (key 2), versions 1-10 (Kafka 4.0's floor), flexible from 6. MaxNumOffsets (v0 only) is outside
/// the supported range and not modelled.
/// </summary>
public sealed class ListOffsetsRequest : IKafkaRequest<ListOffsetsRequest, ListOffsetsResponse>
{
    private const string Name = nameof(ListOffsetsRequest);

    public static ApiKey ApiKey => ApiKey.ListOffsets;

    /// <summary>The requesting broker, or -1 for a client.</summary>
    public int ReplicaId { get; set; }

    /// <summary>v2+, not ignorable: 0 read_uncommitted, 1 read_committed.</summary>
    public sbyte IsolationLevel { get; set; }

    public List<ListOffsetsTopic> Topics { get; set; } = [];

    /// <summary>v10+, ignorable.</summary>
    public int TimeoutMs { get; set; }

    public static ListOffsetsRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.ListOffsets, version, Name);
        var message = new ListOffsetsRequest { ReplicaId = reader.ReadInt32(nameof(ReplicaId)) };
        if (version >= 2) message.IsolationLevel = reader.ReadInt8(nameof(IsolationLevel));
        message.Topics = reader.ReadArray<ListOffsetsTopic>(flexible, version, nameof(Topics), 2);
        if (version >= 10) message.TimeoutMs = reader.ReadInt32(nameof(TimeoutMs));
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.ListOffsets, version, Name);
        writer.WriteInt32(ReplicaId);
        if (version >= 2) writer.WriteInt8(IsolationLevel);
        else VersionGuard.RequireDefault(IsolationLevel == 0, Name, nameof(IsolationLevel), version);
        writer.WriteArray(Topics, flexible, version, nameof(Topics));
        if (version >= 10) writer.WriteInt32(TimeoutMs);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic in a ListOffsets request.</summary>
public sealed class ListOffsetsTopic : IProtocolStruct<ListOffsetsTopic>
{
    public string Name { get; set; } = "";

    public List<ListOffsetsPartition> Partitions { get; set; } = [];

    public static ListOffsetsTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 6;
        var topic = new ListOffsetsTopic
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Partitions = reader.ReadArray<ListOffsetsPartition>(flexible, version, nameof(Partitions), 12),
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

/// <summary>A partition in a ListOffsets request.</summary>
public sealed class ListOffsetsPartition : IProtocolStruct<ListOffsetsPartition>
{
    public int PartitionIndex { get; set; }

    /// <summary>v4+, ignorable, default -1.</summary>
    public int CurrentLeaderEpoch { get; set; } = -1;

    /// <summary>The target timestamp, or -1 latest, -2 earliest, -3 max timestamp, -4 local start, -5 last tiered.</summary>
    public long Timestamp { get; set; }

    public static ListOffsetsPartition Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 6;
        var partition = new ListOffsetsPartition { PartitionIndex = reader.ReadInt32(nameof(PartitionIndex)) };
        if (version >= 4) partition.CurrentLeaderEpoch = reader.ReadInt32(nameof(CurrentLeaderEpoch));
        partition.Timestamp = reader.ReadInt64(nameof(Timestamp));
        if (flexible) reader.SkipTaggedFields();
        return partition;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 6;
        writer.WriteInt32(PartitionIndex);
        if (version >= 4) writer.WriteInt32(CurrentLeaderEpoch);
        writer.WriteInt64(Timestamp);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
