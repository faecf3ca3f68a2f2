namespace Streaming.Protocol.Messages;

/// <summary>DescribeConfigs request (key 32), versions 1-4 (Kafka 4.0's floor), flexible from 4.</summary>
public sealed class DescribeConfigsRequest : IKafkaRequest<DescribeConfigsRequest, DescribeConfigsResponse>
{
    private const string Name = nameof(DescribeConfigsRequest);

    public static ApiKey ApiKey => ApiKey.DescribeConfigs;

    public List<DescribeConfigsResource> Resources { get; set; } = [];

    /// <summary>v1+.</summary>
    public bool IncludeSynonyms { get; set; }

    /// <summary>v3+, not ignorable.</summary>
    public bool IncludeDocumentation { get; set; }

    public static DescribeConfigsRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DescribeConfigs, version, Name);
        var message = new DescribeConfigsRequest
        {
            Resources = reader.ReadArray<DescribeConfigsResource>(flexible, version, nameof(Resources), 3),
            IncludeSynonyms = reader.ReadBool(nameof(IncludeSynonyms)),
        };
        if (version >= 3) message.IncludeDocumentation = reader.ReadBool(nameof(IncludeDocumentation));
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DescribeConfigs, version, Name);
        writer.WriteArray(Resources, flexible, version, nameof(Resources));
        writer.WriteBool(IncludeSynonyms);
        if (version >= 3) writer.WriteBool(IncludeDocumentation);
        else VersionGuard.RequireDefault(!IncludeDocumentation, Name, nameof(IncludeDocumentation), version);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A resource whose configuration is asked for.</summary>
public sealed class DescribeConfigsResource : IProtocolStruct<DescribeConfigsResource>
{
    /// <summary>2 topic, 4 broker, 8 broker logger, 16 client metrics, 32 group.</summary>
    public sbyte ResourceType { get; set; }

    public string ResourceName { get; set; } = "";

    /// <summary>The keys to describe; null for all.</summary>
    public List<string>? ConfigurationKeys { get; set; }

    public static DescribeConfigsResource Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 4;
        var resource = new DescribeConfigsResource
        {
            ResourceType = reader.ReadInt8(nameof(ResourceType)),
            ResourceName = reader.ReadString(flexible, nameof(ResourceName)),
            ConfigurationKeys = reader.ReadNullableStringArray(flexible, nameof(ConfigurationKeys)),
        };
        if (flexible) reader.SkipTaggedFields();
        return resource;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 4;
        writer.WriteInt8(ResourceType);
        writer.WriteString(ResourceName, flexible, nameof(ResourceName));
        writer.WriteNullableStringArray(ConfigurationKeys, flexible, nameof(ConfigurationKeys));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
