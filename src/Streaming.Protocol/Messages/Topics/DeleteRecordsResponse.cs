namespace Streaming.Protocol.Messages;

/// <summary>DeleteRecords response (key 21), versions 0-2, flexible from 2.</summary>
public sealed class DeleteRecordsResponse : IKafkaMessage<DeleteRecordsResponse>
{
    private const string Name = nameof(DeleteRecordsResponse);

    public static ApiKey ApiKey => ApiKey.DeleteRecords;

    public int ThrottleTimeMs { get; set; }

    public List<DeleteRecordsTopicResult> Topics { get; set; } = [];

    public static DeleteRecordsResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DeleteRecords, version, Name);
        var message = new DeleteRecordsResponse
        {
            ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)),
            Topics = reader.ReadArray<DeleteRecordsTopicResult>(flexible, version, nameof(Topics), 2),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DeleteRecords, version, Name);
        writer.WriteInt32(ThrottleTimeMs);
        writer.WriteArray(Topics, flexible, version, nameof(Topics));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic's results in a DeleteRecords response.</summary>
public sealed class DeleteRecordsTopicResult : IProtocolStruct<DeleteRecordsTopicResult>
{
    public string Name { get; set; } = "";

    public List<DeleteRecordsPartitionResult> Partitions { get; set; } = [];

    public static DeleteRecordsTopicResult Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 2;
        var topic = new DeleteRecordsTopicResult
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Partitions = reader.ReadArray<DeleteRecordsPartitionResult>(flexible, version, nameof(Partitions), 14),
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

/// <summary>A partition's result: its new low watermark.</summary>
public sealed class DeleteRecordsPartitionResult : IProtocolStruct<DeleteRecordsPartitionResult>
{
    public int PartitionIndex { get; set; }

    public long LowWatermark { get; set; }

    public short ErrorCode { get; set; }

    public static DeleteRecordsPartitionResult Read(ref ProtocolReader reader, short version)
    {
        var partition = new DeleteRecordsPartitionResult
        {
            PartitionIndex = reader.ReadInt32(nameof(PartitionIndex)),
            LowWatermark = reader.ReadInt64(nameof(LowWatermark)),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
        };
        if (version >= 2) reader.SkipTaggedFields();
        return partition;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteInt32(PartitionIndex);
        writer.WriteInt64(LowWatermark);
        writer.WriteInt16(ErrorCode);
        if (version >= 2) writer.WriteEmptyTaggedFields();
    }
}
