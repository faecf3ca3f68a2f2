namespace Streaming.Protocol.Messages;

/// <summary>AddOffsetsToTxn response (key 25), versions 0-4, flexible from 3.</summary>
public sealed class AddOffsetsToTxnResponse : IKafkaMessage<AddOffsetsToTxnResponse>
{
    private const string Name = nameof(AddOffsetsToTxnResponse);

    public static ApiKey ApiKey => ApiKey.AddOffsetsToTxn;

    public int ThrottleTimeMs { get; set; }

    public short ErrorCode { get; set; }

    public static AddOffsetsToTxnResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.AddOffsetsToTxn, version, Name);
        var message = new AddOffsetsToTxnResponse
        {
            ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.AddOffsetsToTxn, version, Name);
        writer.WriteInt32(ThrottleTimeMs);
        writer.WriteInt16(ErrorCode);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
