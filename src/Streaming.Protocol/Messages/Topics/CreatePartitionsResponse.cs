namespace Streaming.Protocol.Messages;

/// <summary>CreatePartitions response (key 37), versions 0-3, flexible from 2.</summary>
public sealed class CreatePartitionsResponse : IKafkaMessage<CreatePartitionsResponse>
{
    private const string Name = nameof(CreatePartitionsResponse);

    public static ApiKey ApiKey => ApiKey.CreatePartitions;

    public int ThrottleTimeMs { get; set; }

    public List<CreatePartitionsTopicResult> Results { get; set; } = [];

    public static CreatePartitionsResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.CreatePartitions, version, Name);
        var message = new CreatePartitionsResponse
        {
            ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)),
            Results = reader.ReadArray<CreatePartitionsTopicResult>(flexible, version, nameof(Results), 4),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.CreatePartitions, version, Name);
        writer.WriteInt32(ThrottleTimeMs);
        writer.WriteArray(Results, flexible, version, nameof(Results));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One topic's result in a CreatePartitions response.</summary>
public sealed class CreatePartitionsTopicResult : IProtocolStruct<CreatePartitionsTopicResult>
{
    public string Name { get; set; } = "";

    public short ErrorCode { get; set; }

    /// <summary>Default null.</summary>
    public string? ErrorMessage { get; set; }

    public static CreatePartitionsTopicResult Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 2;
        var result = new CreatePartitionsTopicResult
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
            ErrorMessage = reader.ReadNullableString(flexible, nameof(ErrorMessage)),
        };
        if (flexible) reader.SkipTaggedFields();
        return result;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 2;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteInt16(ErrorCode);
        writer.WriteNullableString(ErrorMessage, flexible, nameof(ErrorMessage));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
