namespace Streaming.Protocol.Messages;

/// <summary>InitProducerId response (key 22), versions 0-5, flexible from 2.</summary>
public sealed class InitProducerIdResponse : IKafkaMessage<InitProducerIdResponse>
{
    private const string Name = nameof(InitProducerIdResponse);

    public static ApiKey ApiKey => ApiKey.InitProducerId;

    public int ThrottleTimeMs { get; set; }

    public short ErrorCode { get; set; }

    /// <summary>Default -1.</summary>
    public long ProducerId { get; set; } = -1;

    public short ProducerEpoch { get; set; }

    public static InitProducerIdResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.InitProducerId, version, Name);
        var message = new InitProducerIdResponse
        {
            ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
            ProducerId = reader.ReadInt64(nameof(ProducerId)),
            ProducerEpoch = reader.ReadInt16(nameof(ProducerEpoch)),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.InitProducerId, version, Name);
        writer.WriteInt32(ThrottleTimeMs);
        writer.WriteInt16(ErrorCode);
        writer.WriteInt64(ProducerId);
        writer.WriteInt16(ProducerEpoch);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
