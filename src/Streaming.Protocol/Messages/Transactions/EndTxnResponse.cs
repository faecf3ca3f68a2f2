namespace Streaming.Protocol.Messages;

/// <summary>EndTxn response (key 26), versions 0-5, flexible from 3.</summary>
public sealed class EndTxnResponse : IKafkaMessage<EndTxnResponse>
{
    private const string Name = nameof(EndTxnResponse);

    public static ApiKey ApiKey => ApiKey.EndTxn;

    public int ThrottleTimeMs { get; set; }

    public short ErrorCode { get; set; }

    /// <summary>v5+, ignorable, default -1 (KIP-890: the epoch is bumped on every transaction).</summary>
    public long ProducerId { get; set; } = -1;

    /// <summary>v5+, ignorable, default -1.</summary>
    public short ProducerEpoch { get; set; } = -1;

    public static EndTxnResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.EndTxn, version, Name);
        var message = new EndTxnResponse
        {
            ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
        };
        if (version >= 5)
        {
            message.ProducerId = reader.ReadInt64(nameof(ProducerId));
            message.ProducerEpoch = reader.ReadInt16(nameof(ProducerEpoch));
        }

        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.EndTxn, version, Name);
        writer.WriteInt32(ThrottleTimeMs);
        writer.WriteInt16(ErrorCode);
        if (version >= 5)
        {
            writer.WriteInt64(ProducerId);
            writer.WriteInt16(ProducerEpoch);
        }

        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
