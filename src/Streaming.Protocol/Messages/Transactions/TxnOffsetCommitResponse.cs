namespace Streaming.Protocol.Messages;

/// <summary>TxnOffsetCommit response (key 28), versions 0-4, flexible from 3.</summary>
public sealed class TxnOffsetCommitResponse : IKafkaMessage<TxnOffsetCommitResponse>
{
    private const string Name = nameof(TxnOffsetCommitResponse);

    public static ApiKey ApiKey => ApiKey.TxnOffsetCommit;

    public int ThrottleTimeMs { get; set; }

    public List<TxnOffsetCommitResponseTopic> Topics { get; set; } = [];

    public static TxnOffsetCommitResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.TxnOffsetCommit, version, Name);
        var message = new TxnOffsetCommitResponse
        {
            ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)),
            Topics = reader.ReadArray<TxnOffsetCommitResponseTopic>(flexible, version, nameof(Topics), 2),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.TxnOffsetCommit, version, Name);
        writer.WriteInt32(ThrottleTimeMs);
        writer.WriteArray(Topics, flexible, version, nameof(Topics));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic's results in a TxnOffsetCommit response.</summary>
public sealed class TxnOffsetCommitResponseTopic : IProtocolStruct<TxnOffsetCommitResponseTopic>
{
    public string Name { get; set; } = "";

    public List<TxnOffsetCommitResponsePartition> Partitions { get; set; } = [];

    public static TxnOffsetCommitResponseTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 3;
        var topic = new TxnOffsetCommitResponseTopic
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Partitions = reader.ReadArray<TxnOffsetCommitResponsePartition>(flexible, version, nameof(Partitions), 6),
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

/// <summary>A partition's result in a TxnOffsetCommit response.</summary>
public sealed class TxnOffsetCommitResponsePartition : IProtocolStruct<TxnOffsetCommitResponsePartition>
{
    public int PartitionIndex { get; set; }

    public short ErrorCode { get; set; }

    public static TxnOffsetCommitResponsePartition Read(ref ProtocolReader reader, short version)
    {
        var partition = new TxnOffsetCommitResponsePartition
        {
            PartitionIndex = reader.ReadInt32(nameof(PartitionIndex)),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
        };
        if (version >= 3) reader.SkipTaggedFields();
        return partition;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteInt32(PartitionIndex);
        writer.WriteInt16(ErrorCode);
        if (version >= 3) writer.WriteEmptyTaggedFields();
    }
}
