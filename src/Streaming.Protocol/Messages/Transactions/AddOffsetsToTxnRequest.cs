namespace Streaming.Protocol.Messages;

/// <summary>AddOffsetsToTxn request (key 25), versions 0-4, flexible from 3.</summary>
public sealed class AddOffsetsToTxnRequest : IKafkaRequest<AddOffsetsToTxnRequest, AddOffsetsToTxnResponse>
{
    private const string Name = nameof(AddOffsetsToTxnRequest);

    public static ApiKey ApiKey => ApiKey.AddOffsetsToTxn;

    public string TransactionalId { get; set; } = "";

    public long ProducerId { get; set; }

    public short ProducerEpoch { get; set; }

    public string GroupId { get; set; } = "";

    public static AddOffsetsToTxnRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.AddOffsetsToTxn, version, Name);
        var message = new AddOffsetsToTxnRequest
        {
            TransactionalId = reader.ReadString(flexible, nameof(TransactionalId)),
            ProducerId = reader.ReadInt64(nameof(ProducerId)),
            ProducerEpoch = reader.ReadInt16(nameof(ProducerEpoch)),
            GroupId = reader.ReadString(flexible, nameof(GroupId)),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.AddOffsetsToTxn, version, Name);
        writer.WriteString(TransactionalId, flexible, nameof(TransactionalId));
        writer.WriteInt64(ProducerId);
        writer.WriteInt16(ProducerEpoch);
        writer.WriteString(GroupId, flexible, nameof(GroupId));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
