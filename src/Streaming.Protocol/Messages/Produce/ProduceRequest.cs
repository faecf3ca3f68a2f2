namespace Streaming.Protocol.Messages;

/// <summary>
/// Produce request (key 0), versions 3-11 (Kafka 4.0's floor: RecordBatch v2 only), flexible from 9. Each partition's
/// records are raw RecordBatch bytes, decoded as a slice of the request buffer without copying.
/// </summary>
public sealed class ProduceRequest : IKafkaRequest<ProduceRequest, ProduceResponse>
{
    private const string Name = nameof(ProduceRequest);

    public static ApiKey ApiKey => ApiKey.Produce;

    /// <summary>Null unless the producer is transactional.</summary>
    public string? TransactionalId { get; set; }

    /// <summary>0, 1 or -1 (all).</summary>
    public short Acks { get; set; }

    public int TimeoutMs { get; set; }

    public List<TopicProduceData> TopicData { get; set; } = [];

    public static ProduceRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Produce, version, Name);
        var message = new ProduceRequest
        {
            TransactionalId = reader.ReadNullableString(flexible, nameof(TransactionalId)),
            Acks = reader.ReadInt16(nameof(Acks)),
            TimeoutMs = reader.ReadInt32(nameof(TimeoutMs)),
            TopicData = reader.ReadArray<TopicProduceData>(flexible, version, nameof(TopicData), 2),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Produce, version, Name);
        writer.WriteNullableString(TransactionalId, flexible, nameof(TransactionalId));
        writer.WriteInt16(Acks);
        writer.WriteInt32(TimeoutMs);
        writer.WriteArray(TopicData, flexible, version, nameof(TopicData));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic's data in a Produce request.</summary>
public sealed class TopicProduceData : IProtocolStruct<TopicProduceData>
{
    public string Name { get; set; } = "";

    public List<PartitionProduceData> PartitionData { get; set; } = [];

    public static TopicProduceData Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 9;
        var topic = new TopicProduceData
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            PartitionData = reader.ReadArray<PartitionProduceData>(flexible, version, nameof(PartitionData), 5),
        };
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 9;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteArray(PartitionData, flexible, version, nameof(PartitionData));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A partition's records in a Produce request.</summary>
public sealed class PartitionProduceData : IProtocolStruct<PartitionProduceData>
{
    public int Index { get; set; }

    /// <summary>RecordBatch bytes as sent (a slice of the request buffer when decoded); nullable.</summary>
    public ReadOnlyMemory<byte>? Records { get; set; }

    public static PartitionProduceData Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 9;
        var partition = new PartitionProduceData
        {
            Index = reader.ReadInt32(nameof(Index)),
            Records = reader.ReadRecords(flexible, nameof(Records)),
        };
        if (flexible) reader.SkipTaggedFields();
        return partition;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 9;
        writer.WriteInt32(Index);
        writer.WriteRecords(Records, flexible);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
