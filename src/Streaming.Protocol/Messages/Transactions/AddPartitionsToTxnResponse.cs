namespace Streaming.Protocol.Messages;

/// <summary>
/// AddPartitionsToTxn response (key 24), versions 0-5, flexible from 3: results by topic up to v3, by transaction from v4.
/// </summary>
public sealed class AddPartitionsToTxnResponse : IKafkaMessage<AddPartitionsToTxnResponse>
{
    private const string Name = nameof(AddPartitionsToTxnResponse);

    public static ApiKey ApiKey => ApiKey.AddPartitionsToTxn;

    public int ThrottleTimeMs { get; set; }

    /// <summary>v4+, ignorable.</summary>
    public short ErrorCode { get; set; }

    /// <summary>v4+, not ignorable.</summary>
    public List<AddPartitionsToTxnResult> ResultsByTransaction { get; set; } = [];

    /// <summary>v0-3, not ignorable.</summary>
    public List<AddPartitionsToTxnTopicResult> ResultsByTopicV3AndBelow { get; set; } = [];

    public static AddPartitionsToTxnResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.AddPartitionsToTxn, version, Name);
        var message = new AddPartitionsToTxnResponse { ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)) };
        if (version >= 4)
        {
            message.ErrorCode = reader.ReadInt16(nameof(ErrorCode));
            message.ResultsByTransaction = reader.ReadArray<AddPartitionsToTxnResult>(flexible, version, nameof(ResultsByTransaction), 2);
        }
        else
        {
            message.ResultsByTopicV3AndBelow = reader.ReadArray<AddPartitionsToTxnTopicResult>(flexible, version, nameof(ResultsByTopicV3AndBelow), 2);
        }

        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.AddPartitionsToTxn, version, Name);
        writer.WriteInt32(ThrottleTimeMs);
        if (version >= 4)
        {
            VersionGuard.RequireDefault(ResultsByTopicV3AndBelow is not { Count: > 0 }, Name, nameof(ResultsByTopicV3AndBelow), version);
            writer.WriteInt16(ErrorCode);
            writer.WriteArray(ResultsByTransaction, flexible, version, nameof(ResultsByTransaction));
        }
        else
        {
            VersionGuard.RequireDefault(ResultsByTransaction is not { Count: > 0 }, Name, nameof(ResultsByTransaction), version);
            writer.WriteArray(ResultsByTopicV3AndBelow, flexible, version, nameof(ResultsByTopicV3AndBelow));
        }

        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One transaction's results (v4+).</summary>
public sealed class AddPartitionsToTxnResult : IProtocolStruct<AddPartitionsToTxnResult>
{
    public string TransactionalId { get; set; } = "";

    public List<AddPartitionsToTxnTopicResult> TopicResults { get; set; } = [];

    public static AddPartitionsToTxnResult Read(ref ProtocolReader reader, short version)
    {
        var result = new AddPartitionsToTxnResult
        {
            TransactionalId = reader.ReadCompactString(nameof(TransactionalId)),
            TopicResults = reader.ReadArray<AddPartitionsToTxnTopicResult>(true, version, nameof(TopicResults), 2),
        };
        reader.SkipTaggedFields();
        return result;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteCompactString(TransactionalId, nameof(TransactionalId));
        writer.WriteArray(TopicResults, true, version, nameof(TopicResults));
        writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic's per-partition results.</summary>
public sealed class AddPartitionsToTxnTopicResult : IProtocolStruct<AddPartitionsToTxnTopicResult>
{
    public string Name { get; set; } = "";

    public List<AddPartitionsToTxnPartitionResult> ResultsByPartition { get; set; } = [];

    public static AddPartitionsToTxnTopicResult Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 3;
        var result = new AddPartitionsToTxnTopicResult
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            ResultsByPartition = reader.ReadArray<AddPartitionsToTxnPartitionResult>(flexible, version, nameof(ResultsByPartition), 6),
        };
        if (flexible) reader.SkipTaggedFields();
        return result;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 3;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteArray(ResultsByPartition, flexible, version, nameof(ResultsByPartition));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One partition's result.</summary>
public sealed class AddPartitionsToTxnPartitionResult : IProtocolStruct<AddPartitionsToTxnPartitionResult>
{
    public int PartitionIndex { get; set; }

    public short PartitionErrorCode { get; set; }

    public static AddPartitionsToTxnPartitionResult Read(ref ProtocolReader reader, short version)
    {
        var result = new AddPartitionsToTxnPartitionResult
        {
            PartitionIndex = reader.ReadInt32(nameof(PartitionIndex)),
            PartitionErrorCode = reader.ReadInt16(nameof(PartitionErrorCode)),
        };
        if (version >= 3) reader.SkipTaggedFields();
        return result;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteInt32(PartitionIndex);
        writer.WriteInt16(PartitionErrorCode);
        if (version >= 3) writer.WriteEmptyTaggedFields();
    }
}
