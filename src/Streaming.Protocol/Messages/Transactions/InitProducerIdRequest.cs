namespace Streaming.Protocol.Messages;

/// <summary>InitProducerId request (key 22), versions 0-5, flexible from 2.</summary>
public sealed class InitProducerIdRequest : IKafkaRequest<InitProducerIdRequest, InitProducerIdResponse>
{
    private const string Name = nameof(InitProducerIdRequest);

    public static ApiKey ApiKey => ApiKey.InitProducerId;

    /// <summary>Null for an idempotent, non-transactional producer.</summary>
    public string? TransactionalId { get; set; }

    public int TransactionTimeoutMs { get; set; }

    /// <summary>v3+, not ignorable, default -1: the current id, to resume after INVALID_PRODUCER_EPOCH.</summary>
    public long ProducerId { get; set; } = -1;

    /// <summary>v3+, not ignorable, default -1.</summary>
    public short ProducerEpoch { get; set; } = -1;

    public static InitProducerIdRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.InitProducerId, version, Name);
        var message = new InitProducerIdRequest
        {
            TransactionalId = reader.ReadNullableString(flexible, nameof(TransactionalId)),
            TransactionTimeoutMs = reader.ReadInt32(nameof(TransactionTimeoutMs)),
        };
        if (version >= 3)
        {
            message.ProducerId = reader.ReadInt64(nameof(ProducerId));
            message.ProducerEpoch = reader.ReadInt16(nameof(ProducerEpoch));
        }

        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.InitProducerId, version, Name);
        writer.WriteNullableString(TransactionalId, flexible, nameof(TransactionalId));
        writer.WriteInt32(TransactionTimeoutMs);
        if (version >= 3)
        {
            writer.WriteInt64(ProducerId);
            writer.WriteInt16(ProducerEpoch);
        }
        else
        {
            VersionGuard.RequireDefault(ProducerId == -1, Name, nameof(ProducerId), version);
            VersionGuard.RequireDefault(ProducerEpoch == -1, Name, nameof(ProducerEpoch), version);
        }

        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
