namespace Streaming.Protocol.Messages;

/// <summary>Heartbeat response (key 12), versions 0-4, flexible from 4.</summary>
public sealed class HeartbeatResponse : IKafkaMessage<HeartbeatResponse>
{
    private const string Name = nameof(HeartbeatResponse);

    public static ApiKey ApiKey => ApiKey.Heartbeat;

    /// <summary>v1+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    public short ErrorCode { get; set; }

    public static HeartbeatResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Heartbeat, version, Name);
        var message = new HeartbeatResponse();
        if (version >= 1) message.ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs));
        message.ErrorCode = reader.ReadInt16(nameof(ErrorCode));
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Heartbeat, version, Name);
        if (version >= 1) writer.WriteInt32(ThrottleTimeMs);
        writer.WriteInt16(ErrorCode);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
