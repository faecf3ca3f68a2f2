namespace Streaming.Protocol.Messages;

/// <summary>DeleteTopics response (key 20), versions 1-6, flexible from 4.</summary>
public sealed class DeleteTopicsResponse : IKafkaMessage<DeleteTopicsResponse>
{
    private const string Name = nameof(DeleteTopicsResponse);

    public static ApiKey ApiKey => ApiKey.DeleteTopics;

    /// <summary>v1+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    public List<DeletableTopicResult> Responses { get; set; } = [];

    public static DeleteTopicsResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DeleteTopics, version, Name);
        var message = new DeleteTopicsResponse
        {
            ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)),
            Responses = reader.ReadArray<DeletableTopicResult>(flexible, version, nameof(Responses), 3),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DeleteTopics, version, Name);
        writer.WriteInt32(ThrottleTimeMs);
        writer.WriteArray(Responses, flexible, version, nameof(Responses));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One topic's deletion result.</summary>
public sealed class DeletableTopicResult : IProtocolStruct<DeletableTopicResult>
{
    /// <summary>Nullable from v6.</summary>
    public string? Name { get; set; } = "";

    /// <summary>v6+, ignorable.</summary>
    public Guid TopicId { get; set; }

    public short ErrorCode { get; set; }

    /// <summary>v5+, ignorable, default null.</summary>
    public string? ErrorMessage { get; set; }

    public static DeletableTopicResult Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 4;
        var result = new DeletableTopicResult
        {
            Name = version >= 6 ? reader.ReadNullableString(flexible, nameof(Name)) : reader.ReadString(flexible, nameof(Name)),
        };
        if (version >= 6) result.TopicId = reader.ReadUuid(nameof(TopicId));
        result.ErrorCode = reader.ReadInt16(nameof(ErrorCode));
        if (version >= 5) result.ErrorMessage = reader.ReadNullableString(flexible, nameof(ErrorMessage));
        if (flexible) reader.SkipTaggedFields();
        return result;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 4;
        if (version >= 6) writer.WriteNullableString(Name, flexible, nameof(Name));
        else writer.WriteString(Name!, flexible, nameof(Name));
        if (version >= 6) writer.WriteUuid(TopicId);
        writer.WriteInt16(ErrorCode);
        if (version >= 5) writer.WriteNullableString(ErrorMessage, flexible, nameof(ErrorMessage));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
