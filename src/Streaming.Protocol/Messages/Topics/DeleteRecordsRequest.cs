namespace Streaming.Protocol.Messages;

/// <summary>DeleteRecords request (key 21), versions 0-2, flexible from 2.</summary>
public sealed class DeleteRecordsRequest : IKafkaRequest<DeleteRecordsRequest, DeleteRecordsResponse>
{
    private const string Name = nameof(DeleteRecordsRequest);

    public static ApiKey ApiKey => ApiKey.DeleteRecords;

    public List<DeleteRecordsTopic> Topics { get; set; } = [];

    public int TimeoutMs { get; set; }

    public static DeleteRecordsRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DeleteRecords, version, Name);
        var message = new DeleteRecordsRequest
        {
            Topics = reader.ReadArray<DeleteRecordsTopic>(flexible, version, nameof(Topics), 2),
            TimeoutMs = reader.ReadInt32(nameof(TimeoutMs)),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DeleteRecords, version, Name);
        writer.WriteArray(Topics, flexible, version, nameof(Topics));
        writer.WriteInt32(TimeoutMs);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic whose records are deleted up to an offset per partition.</summary>
public sealed class DeleteRecordsTopic : IProtocolStruct<DeleteRecordsTopic>
{
    public string Name { get; set; } = "";

    public List<DeleteRecordsPartition> Partitions { get; set; } = [];

    public static DeleteRecordsTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 2;
        var topic = new DeleteRecordsTopic
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Partitions = reader.ReadArray<DeleteRecordsPartition>(flexible, version, nameof(Partitions), 12),
        };
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 2;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteArray(Partitions, flexible, version, nameof(Partitions));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A partition and the offset before which its records are deleted (-1: the high watermark).</summary>
public sealed class DeleteRecordsPartition : IProtocolStruct<DeleteRecordsPartition>
{
    public int PartitionIndex { get; set; }

    public long Offset { get; set; }

    public static DeleteRecordsPartition Read(ref ProtocolReader reader, short version)
    {
        var partition = new DeleteRecordsPartition
        {
            PartitionIndex = reader.ReadInt32(nameof(PartitionIndex)),
            Offset = reader.ReadInt64(nameof(Offset)),
        };
        if (version >= 2) reader.SkipTaggedFields();
        return partition;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteInt32(PartitionIndex);
        writer.WriteInt64(Offset);
        if (version >= 2) writer.WriteEmptyTaggedFields();
    }
}
