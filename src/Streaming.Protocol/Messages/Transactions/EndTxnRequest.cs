namespace Streaming.Protocol.Messages;

/// <summary>EndTxn request (key 26), versions 0-5, flexible from 3.</summary>
public sealed class EndTxnRequest : IKafkaRequest<EndTxnRequest, EndTxnResponse>
{
    private const string Name = nameof(EndTxnRequest);

    public static ApiKey ApiKey => ApiKey.EndTxn;

    public string TransactionalId { get; set; } = "";

    public long ProducerId { get; set; }

    public short ProducerEpoch { get; set; }

    /// <summary>True to commit, false to abort.</summary>
    public bool Committed { get; set; }

    public static EndTxnRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.EndTxn, version, Name);
        var message = new EndTxnRequest
        {
            TransactionalId = reader.ReadString(flexible, nameof(TransactionalId)),
            ProducerId = reader.ReadInt64(nameof(ProducerId)),
            ProducerEpoch = reader.ReadInt16(nameof(ProducerEpoch)),
            Committed = reader.ReadBool(nameof(Committed)),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.EndTxn, version, Name);
        writer.WriteString(TransactionalId, flexible, nameof(TransactionalId));
        writer.WriteInt64(ProducerId);
        writer.WriteInt16(ProducerEpoch);
        writer.WriteBool(Committed);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
