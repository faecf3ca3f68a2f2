namespace Streaming.Protocol.Messages;

/// <summary>CreateTopics response (key 19), versions 2-7, flexible from 5.</summary>
public sealed class CreateTopicsResponse : IKafkaMessage<CreateTopicsResponse>
{
    private const string Name = nameof(CreateTopicsResponse);

    public static ApiKey ApiKey => ApiKey.CreateTopics;

    /// <summary>v2+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    public List<CreatableTopicResult> Topics { get; set; } = [];

    public static CreateTopicsResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.CreateTopics, version, Name);
        var message = new CreateTopicsResponse
        {
            ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)),
            Topics = reader.ReadArray<CreatableTopicResult>(flexible, version, nameof(Topics), 4),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.CreateTopics, version, Name);
        writer.WriteInt32(ThrottleTimeMs);
        writer.WriteArray(Topics, flexible, version, nameof(Topics));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One topic's creation result. Tagged (v5+): 0 TopicConfigErrorCode.</summary>
public sealed class CreatableTopicResult : IProtocolStruct<CreatableTopicResult>
{
    public string Name { get; set; } = "";

    /// <summary>v7+, ignorable.</summary>
    public Guid TopicId { get; set; }

    public short ErrorCode { get; set; }

    /// <summary>v1+, ignorable.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>Tag 0 (v5+), ignorable: why Configs could not be returned.</summary>
    public short TopicConfigErrorCode { get; set; }

    /// <summary>v5+, ignorable, default -1.</summary>
    public int NumPartitions { get; set; } = -1;

    /// <summary>v5+, ignorable, default -1.</summary>
    public short ReplicationFactor { get; set; } = -1;

    /// <summary>v5+, nullable, ignorable.</summary>
    public List<CreatableTopicConfigs>? Configs { get; set; } = [];

    public static CreatableTopicResult Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 5;
        var topic = new CreatableTopicResult { Name = reader.ReadString(flexible, nameof(Name)) };
        if (version >= 7) topic.TopicId = reader.ReadUuid(nameof(TopicId));
        topic.ErrorCode = reader.ReadInt16(nameof(ErrorCode));
        topic.ErrorMessage = reader.ReadNullableString(flexible, nameof(ErrorMessage));
        if (version >= 5)
        {
            topic.NumPartitions = reader.ReadInt32(nameof(NumPartitions));
            topic.ReplicationFactor = reader.ReadInt16(nameof(ReplicationFactor));
            topic.Configs = reader.ReadNullableArray<CreatableTopicConfigs>(flexible, version, nameof(Configs), 5);
            TaggedFieldCursor tags = reader.BeginTaggedFields();
            while (reader.NextTaggedField(ref tags, out int tag))
            {
                if (tag == 0) topic.TopicConfigErrorCode = reader.ReadInt16(nameof(TopicConfigErrorCode));
                else reader.SkipTaggedField(ref tags);
            }
        }

        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 5;
        writer.WriteString(Name, flexible, nameof(Name));
        if (version >= 7) writer.WriteUuid(TopicId);
        writer.WriteInt16(ErrorCode);
        writer.WriteNullableString(ErrorMessage, flexible, nameof(ErrorMessage));
        if (version >= 5)
        {
            writer.WriteInt32(NumPartitions);
            writer.WriteInt16(ReplicationFactor);
            writer.WriteNullableArray(Configs, flexible, version);
            bool configError = TopicConfigErrorCode != 0;
            writer.WriteUnsignedVarint(configError ? 1u : 0u);
            if (configError)
            {
                writer.WriteTaggedFieldHeader(0, 2);
                writer.WriteInt16(TopicConfigErrorCode);
            }
        }
    }
}

/// <summary>A configuration of a created topic (CreateTopics response v5+).</summary>
public sealed class CreatableTopicConfigs : IProtocolStruct<CreatableTopicConfigs>
{
    public string Name { get; set; } = "";

    public string? Value { get; set; } = "";

    public bool ReadOnly { get; set; }

    /// <summary>Ignorable, default -1.</summary>
    public sbyte ConfigSource { get; set; } = -1;

    public bool IsSensitive { get; set; }

    public static CreatableTopicConfigs Read(ref ProtocolReader reader, short version)
    {
        var config = new CreatableTopicConfigs
        {
            Name = reader.ReadCompactString(nameof(Name)),
            Value = reader.ReadCompactNullableString(nameof(Value)),
            ReadOnly = reader.ReadBool(nameof(ReadOnly)),
            ConfigSource = reader.ReadInt8(nameof(ConfigSource)),
            IsSensitive = reader.ReadBool(nameof(IsSensitive)),
        };
        reader.SkipTaggedFields();
        return config;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteCompactString(Name, nameof(Name));
        writer.WriteCompactNullableString(Value, nameof(Value));
        writer.WriteBool(ReadOnly);
        writer.WriteInt8(ConfigSource);
        writer.WriteBool(IsSensitive);
        writer.WriteEmptyTaggedFields();
    }
}
