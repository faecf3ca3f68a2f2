namespace Streaming.Protocol.Messages;

/// <summary>
/// DescribeConfigs response (key 32), versions 1-4, flexible from 4. IsDefault (v0 only) is outside the supported range
/// and not modelled.
/// </summary>
public sealed class DescribeConfigsResponse : IKafkaMessage<DescribeConfigsResponse>
{
    private const string Name = nameof(DescribeConfigsResponse);

    public static ApiKey ApiKey => ApiKey.DescribeConfigs;

    public int ThrottleTimeMs { get; set; }

    public List<DescribeConfigsResult> Results { get; set; } = [];

    public static DescribeConfigsResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DescribeConfigs, version, Name);
        var message = new DescribeConfigsResponse
        {
            ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)),
            Results = reader.ReadArray<DescribeConfigsResult>(flexible, version, nameof(Results), 6),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DescribeConfigs, version, Name);
        writer.WriteInt32(ThrottleTimeMs);
        writer.WriteArray(Results, flexible, version, nameof(Results));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One resource's configuration.</summary>
public sealed class DescribeConfigsResult : IProtocolStruct<DescribeConfigsResult>
{
    public short ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public sbyte ResourceType { get; set; }

    public string ResourceName { get; set; } = "";

    public List<DescribeConfigsResourceResult> Configs { get; set; } = [];

    public static DescribeConfigsResult Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 4;
        var result = new DescribeConfigsResult
        {
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
            ErrorMessage = reader.ReadNullableString(flexible, nameof(ErrorMessage)),
            ResourceType = reader.ReadInt8(nameof(ResourceType)),
            ResourceName = reader.ReadString(flexible, nameof(ResourceName)),
            Configs = reader.ReadArray<DescribeConfigsResourceResult>(flexible, version, nameof(Configs), 6),
        };
        if (flexible) reader.SkipTaggedFields();
        return result;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 4;
        writer.WriteInt16(ErrorCode);
        writer.WriteNullableString(ErrorMessage, flexible, nameof(ErrorMessage));
        writer.WriteInt8(ResourceType);
        writer.WriteString(ResourceName, flexible, nameof(ResourceName));
        writer.WriteArray(Configs, flexible, version, nameof(Configs));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>One configuration entry of a described resource.</summary>
public sealed class DescribeConfigsResourceResult : IProtocolStruct<DescribeConfigsResourceResult>
{
    public string Name { get; set; } = "";

    public string? Value { get; set; } = "";

    public bool ReadOnly { get; set; }

    /// <summary>v1+, ignorable, default -1.</summary>
    public sbyte ConfigSource { get; set; } = -1;

    public bool IsSensitive { get; set; }

    /// <summary>v1+, ignorable.</summary>
    public List<DescribeConfigsSynonym> Synonyms { get; set; } = [];

    /// <summary>v3+, ignorable, default 0 (unknown).</summary>
    public sbyte ConfigType { get; set; }

    /// <summary>v3+, ignorable.</summary>
    public string? Documentation { get; set; } = "";

    public static DescribeConfigsResourceResult Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 4;
        var config = new DescribeConfigsResourceResult
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Value = reader.ReadNullableString(flexible, nameof(Value)),
            ReadOnly = reader.ReadBool(nameof(ReadOnly)),
            ConfigSource = reader.ReadInt8(nameof(ConfigSource)),
            IsSensitive = reader.ReadBool(nameof(IsSensitive)),
            Synonyms = reader.ReadArray<DescribeConfigsSynonym>(flexible, version, nameof(Synonyms), 3),
        };
        if (version >= 3)
        {
            config.ConfigType = reader.ReadInt8(nameof(ConfigType));
            config.Documentation = reader.ReadNullableString(flexible, nameof(Documentation));
        }

        if (flexible) reader.SkipTaggedFields();
        return config;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 4;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteNullableString(Value, flexible, nameof(Value));
        writer.WriteBool(ReadOnly);
        writer.WriteInt8(ConfigSource);
        writer.WriteBool(IsSensitive);
        writer.WriteArray(Synonyms, flexible, version, nameof(Synonyms));
        if (version >= 3)
        {
            writer.WriteInt8(ConfigType);
            writer.WriteNullableString(Documentation, flexible, nameof(Documentation));
        }

        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A synonym of a configuration entry (v1+).</summary>
public sealed class DescribeConfigsSynonym : IProtocolStruct<DescribeConfigsSynonym>
{
    public string Name { get; set; } = "";

    public string? Value { get; set; } = "";

    public sbyte Source { get; set; }

    public static DescribeConfigsSynonym Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 4;
        var synonym = new DescribeConfigsSynonym
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Value = reader.ReadNullableString(flexible, nameof(Value)),
            Source = reader.ReadInt8(nameof(Source)),
        };
        if (flexible) reader.SkipTaggedFields();
        return synonym;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 4;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteNullableString(Value, flexible, nameof(Value));
        writer.WriteInt8(Source);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
