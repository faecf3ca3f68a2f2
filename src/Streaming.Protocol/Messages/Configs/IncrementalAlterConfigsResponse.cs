namespace Streaming.Protocol.Messages;

/// <summary>IncrementalAlterConfigs response (key 44), versions 0-1, flexible from 1.</summary>
public sealed class IncrementalAlterConfigsResponse : IKafkaMessage<IncrementalAlterConfigsResponse>
{
    private const string Name = nameof(IncrementalAlterConfigsResponse);

    public static ApiKey ApiKey => ApiKey.IncrementalAlterConfigs;

    public int ThrottleTimeMs { get; set; }

    public List<AlterConfigsResourceResponse> Responses { get; set; } = [];

    public static IncrementalAlterConfigsResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.IncrementalAlterConfigs, version, Name);
        var message = new IncrementalAlterConfigsResponse
        {
            ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)),
            Responses = reader.ReadArray<AlterConfigsResourceResponse>(flexible, version, nameof(Responses), 5),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.IncrementalAlterConfigs, version, Name);
        writer.WriteInt32(ThrottleTimeMs);
        writer.WriteArray(Responses, flexible, version, nameof(Responses));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One resource's result.</summary>
public sealed class AlterConfigsResourceResponse : IProtocolStruct<AlterConfigsResourceResponse>
{
    public short ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public sbyte ResourceType { get; set; }

    public string ResourceName { get; set; } = "";

    public static AlterConfigsResourceResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 1;
        var response = new AlterConfigsResourceResponse
        {
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
            ErrorMessage = reader.ReadNullableString(flexible, nameof(ErrorMessage)),
            ResourceType = reader.ReadInt8(nameof(ResourceType)),
            ResourceName = reader.ReadString(flexible, nameof(ResourceName)),
        };
        if (flexible) reader.SkipTaggedFields();
        return response;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 1;
        writer.WriteInt16(ErrorCode);
        writer.WriteNullableString(ErrorMessage, flexible, nameof(ErrorMessage));
        writer.WriteInt8(ResourceType);
        writer.WriteString(ResourceName, flexible, nameof(ResourceName));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
