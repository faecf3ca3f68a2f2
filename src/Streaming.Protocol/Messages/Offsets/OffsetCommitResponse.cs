namespace Streaming.Protocol.Messages;

/// <summary>OffsetCommit response (key 8), versions 2-9, flexible from 8.</summary>
public sealed class OffsetCommitResponse : IKafkaMessage<OffsetCommitResponse>
{
    private const string Name = nameof(OffsetCommitResponse);

    public static ApiKey ApiKey => ApiKey.OffsetCommit;

    /// <summary>v3+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    public List<OffsetCommitResponseTopic> Topics { get; set; } = [];

    public static OffsetCommitResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.OffsetCommit, version, Name);
        var message = new OffsetCommitResponse();
        if (version >= 3) message.ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs));
        message.Topics = reader.ReadArray<OffsetCommitResponseTopic>(flexible, version, nameof(Topics), 2);
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.OffsetCommit, version, Name);
        if (version >= 3) writer.WriteInt32(ThrottleTimeMs);
        writer.WriteArray(Topics, flexible, version, nameof(Topics));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic's results in an OffsetCommit response.</summary>
public sealed class OffsetCommitResponseTopic : IProtocolStruct<OffsetCommitResponseTopic>
{
    public string Name { get; set; } = "";

    public List<OffsetCommitResponsePartition> Partitions { get; set; } = [];

    public static OffsetCommitResponseTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 8;
        var topic = new OffsetCommitResponseTopic
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Partitions = reader.ReadArray<OffsetCommitResponsePartition>(flexible, version, nameof(Partitions), 6),
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

/// <summary>A partition's result in an OffsetCommit response.</summary>
public sealed class OffsetCommitResponsePartition : IProtocolStruct<OffsetCommitResponsePartition>
{
    public int PartitionIndex { get; set; }

    public short ErrorCode { get; set; }

    public static OffsetCommitResponsePartition Read(ref ProtocolReader reader, short version)
    {
        var partition = new OffsetCommitResponsePartition
        {
            PartitionIndex = reader.ReadInt32(nameof(PartitionIndex)),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
        };
        if (version >= 8) reader.SkipTaggedFields();
        return partition;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteInt32(PartitionIndex);
        writer.WriteInt16(ErrorCode);
        if (version >= 8) writer.WriteEmptyTaggedFields();
    }
}
