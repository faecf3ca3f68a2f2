namespace Streaming.Protocol.Messages;

/// <summary>
/// AddPartitionsToTxn request (key 24), versions 0-5, flexible from 3. Clients send one transaction (the V3AndBelow
/// fields) up to v3; brokers batch several (Transactions) from v4.
/// </summary>
public sealed class AddPartitionsToTxnRequest : IKafkaRequest<AddPartitionsToTxnRequest, AddPartitionsToTxnResponse>
{
    private const string Name = nameof(AddPartitionsToTxnRequest);

    public static ApiKey ApiKey => ApiKey.AddPartitionsToTxn;

    /// <summary>v4+, not ignorable.</summary>
    public List<AddPartitionsToTxnTransaction> Transactions { get; set; } = [];

    /// <summary>v0-3, not ignorable.</summary>
    public string V3AndBelowTransactionalId { get; set; } = "";

    /// <summary>v0-3, not ignorable.</summary>
    public long V3AndBelowProducerId { get; set; }

    /// <summary>v0-3, not ignorable.</summary>
    public short V3AndBelowProducerEpoch { get; set; }

    /// <summary>v0-3, not ignorable.</summary>
    public List<AddPartitionsToTxnTopic> V3AndBelowTopics { get; set; } = [];

    public static AddPartitionsToTxnRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.AddPartitionsToTxn, version, Name);
        var message = new AddPartitionsToTxnRequest();
        if (version >= 4)
        {
            message.Transactions = reader.ReadArray<AddPartitionsToTxnTransaction>(flexible, version, nameof(Transactions), 13);
        }
        else
        {
            message.V3AndBelowTransactionalId = reader.ReadString(flexible, nameof(V3AndBelowTransactionalId));
            message.V3AndBelowProducerId = reader.ReadInt64(nameof(V3AndBelowProducerId));
            message.V3AndBelowProducerEpoch = reader.ReadInt16(nameof(V3AndBelowProducerEpoch));
            message.V3AndBelowTopics = reader.ReadArray<AddPartitionsToTxnTopic>(flexible, version, nameof(V3AndBelowTopics), 2);
        }

        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.AddPartitionsToTxn, version, Name);
        if (version >= 4)
        {
            VersionGuard.RequireDefault(V3AndBelowTransactionalId == "", Name, nameof(V3AndBelowTransactionalId), version);
            VersionGuard.RequireDefault(V3AndBelowProducerId == 0, Name, nameof(V3AndBelowProducerId), version);
            VersionGuard.RequireDefault(V3AndBelowProducerEpoch == 0, Name, nameof(V3AndBelowProducerEpoch), version);
            VersionGuard.RequireDefault(V3AndBelowTopics is not { Count: > 0 }, Name, nameof(V3AndBelowTopics), version);
            writer.WriteArray(Transactions, flexible, version, nameof(Transactions));
        }
        else
        {
            VersionGuard.RequireDefault(Transactions is not { Count: > 0 }, Name, nameof(Transactions), version);
            writer.WriteString(V3AndBelowTransactionalId, flexible, nameof(V3AndBelowTransactionalId));
            writer.WriteInt64(V3AndBelowProducerId);
            writer.WriteInt16(V3AndBelowProducerEpoch);
            writer.WriteArray(V3AndBelowTopics, flexible, version, nameof(V3AndBelowTopics));
        }

        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One transaction's partitions (AddPartitionsToTxn request v4+).</summary>
public sealed class AddPartitionsToTxnTransaction : IProtocolStruct<AddPartitionsToTxnTransaction>
{
    public string TransactionalId { get; set; } = "";

    public long ProducerId { get; set; }

    public short ProducerEpoch { get; set; }

    /// <summary>Only check whether the partitions are already in the transaction.</summary>
    public bool VerifyOnly { get; set; }

    public List<AddPartitionsToTxnTopic> Topics { get; set; } = [];

    public static AddPartitionsToTxnTransaction Read(ref ProtocolReader reader, short version)
    {
        var transaction = new AddPartitionsToTxnTransaction
        {
            TransactionalId = reader.ReadCompactString(nameof(TransactionalId)),
            ProducerId = reader.ReadInt64(nameof(ProducerId)),
            ProducerEpoch = reader.ReadInt16(nameof(ProducerEpoch)),
            VerifyOnly = reader.ReadBool(nameof(VerifyOnly)),
            Topics = reader.ReadArray<AddPartitionsToTxnTopic>(true, version, nameof(Topics), 2),
        };
        reader.SkipTaggedFields();
        return transaction;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteCompactString(TransactionalId, nameof(TransactionalId));
        writer.WriteInt64(ProducerId);
        writer.WriteInt16(ProducerEpoch);
        writer.WriteBool(VerifyOnly);
        writer.WriteArray(Topics, true, version, nameof(Topics));
        writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic's partitions to add to a transaction.</summary>
public sealed class AddPartitionsToTxnTopic : IProtocolStruct<AddPartitionsToTxnTopic>
{
    public string Name { get; set; } = "";

    public List<int> Partitions { get; set; } = [];

    public static AddPartitionsToTxnTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 3;
        var topic = new AddPartitionsToTxnTopic
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Partitions = reader.ReadInt32Array(flexible, nameof(Partitions)),
        };
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 3;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteInt32Array(Partitions, flexible, nameof(Partitions));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
