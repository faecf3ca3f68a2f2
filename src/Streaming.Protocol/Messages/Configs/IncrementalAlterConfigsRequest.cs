namespace Streaming.Protocol.Messages;

/// <summary>IncrementalAlterConfigs request (key 44), versions 0-1, flexible from 1.</summary>
public sealed class IncrementalAlterConfigsRequest : IKafkaRequest<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>
{
    private const string Name = nameof(IncrementalAlterConfigsRequest);

    public static ApiKey ApiKey => ApiKey.IncrementalAlterConfigs;

    public List<AlterConfigsResource> Resources { get; set; } = [];

    public bool ValidateOnly { get; set; }

    public static IncrementalAlterConfigsRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.IncrementalAlterConfigs, version, Name);
        var message = new IncrementalAlterConfigsRequest
        {
            Resources = reader.ReadArray<AlterConfigsResource>(flexible, version, nameof(Resources), 3),
            ValidateOnly = reader.ReadBool(nameof(ValidateOnly)),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.IncrementalAlterConfigs, version, Name);
        writer.WriteArray(Resources, flexible, version, nameof(Resources));
        writer.WriteBool(ValidateOnly);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A resource whose configuration is changed.</summary>
public sealed class AlterConfigsResource : IProtocolStruct<AlterConfigsResource>
{
    public sbyte ResourceType { get; set; }

    public string ResourceName { get; set; } = "";

    public List<AlterableConfig> Configs { get; set; } = [];

    public static AlterConfigsResource Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 1;
        var resource = new AlterConfigsResource
        {
            ResourceType = reader.ReadInt8(nameof(ResourceType)),
            ResourceName = reader.ReadString(flexible, nameof(ResourceName)),
            Configs = reader.ReadArray<AlterableConfig>(flexible, version, nameof(Configs), 3),
        };
        if (flexible) reader.SkipTaggedFields();
        return resource;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 1;
        writer.WriteInt8(ResourceType);
        writer.WriteString(ResourceName, flexible, nameof(ResourceName));
        writer.WriteArray(Configs, flexible, version, nameof(Configs));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One configuration change: 0 set, 1 delete, 2 append, 3 subtract.</summary>
public sealed class AlterableConfig : IProtocolStruct<AlterableConfig>
{
    public string Name { get; set; } = "";

    public sbyte ConfigOperation { get; set; }

    public string? Value { get; set; } = "";

    public static AlterableConfig Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 1;
        var config = new AlterableConfig
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            ConfigOperation = reader.ReadInt8(nameof(ConfigOperation)),
            Value = reader.ReadNullableString(flexible, nameof(Value)),
        };
        if (flexible) reader.SkipTaggedFields();
        return config;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 1;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteInt8(ConfigOperation);
        writer.WriteNullableString(Value, flexible, nameof(Value));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
