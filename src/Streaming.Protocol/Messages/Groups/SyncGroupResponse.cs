namespace Streaming.Protocol.Messages;

/// <summary>SyncGroup response (key 14), versions 0-5, flexible from 4.</summary>
public sealed class SyncGroupResponse : IKafkaMessage<SyncGroupResponse>
{
    private const string Name = nameof(SyncGroupResponse);

    public static ApiKey ApiKey => ApiKey.SyncGroup;

    /// <summary>v1+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    public short ErrorCode { get; set; }

    /// <summary>v5+, ignorable, default null.</summary>
    public string? ProtocolType { get; set; }

    /// <summary>v5+, ignorable, default null.</summary>
    public string? ProtocolName { get; set; }

    public ReadOnlyMemory<byte> Assignment { get; set; }

    public static SyncGroupResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.SyncGroup, version, Name);
        var message = new SyncGroupResponse();
        if (version >= 1) message.ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs));
        message.ErrorCode = reader.ReadInt16(nameof(ErrorCode));
        if (version >= 5)
        {
            message.ProtocolType = reader.ReadNullableString(flexible, nameof(ProtocolType));
            message.ProtocolName = reader.ReadNullableString(flexible, nameof(ProtocolName));
        }

        message.Assignment = reader.ReadBytes(flexible, nameof(Assignment));
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.SyncGroup, version, Name);
        if (version >= 1) writer.WriteInt32(ThrottleTimeMs);
        writer.WriteInt16(ErrorCode);
        if (version >= 5)
        {
            writer.WriteNullableString(ProtocolType, flexible, nameof(ProtocolType));
            writer.WriteNullableString(ProtocolName, flexible, nameof(ProtocolName));
        }

        writer.WriteBytes(Assignment.Span, flexible);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
