namespace Streaming.Protocol.Messages;

/// <summary>CreateTopics request (key 19), versions 2-7 (Kafka 4.0's floor), flexible from 5.</summary>
public sealed class CreateTopicsRequest : IKafkaRequest<CreateTopicsRequest, CreateTopicsResponse>
{
    private const string Name = nameof(CreateTopicsRequest);

    public static ApiKey ApiKey => ApiKey.CreateTopics;

    public List<CreatableTopic> Topics { get; set; } = [];

    /// <summary>Default 60000.</summary>
    public int TimeoutMs { get; set; } = 60000;

    /// <summary>v1+: validate without creating.</summary>
    public bool ValidateOnly { get; set; }

    public static CreateTopicsRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.CreateTopics, version, Name);
        var message = new CreateTopicsRequest
        {
            Topics = reader.ReadArray<CreatableTopic>(flexible, version, nameof(Topics), 9),
            TimeoutMs = reader.ReadInt32(nameof(TimeoutMs)),
            ValidateOnly = reader.ReadBool(nameof(ValidateOnly)),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.CreateTopics, version, Name);
        writer.WriteArray(Topics, flexible, version, nameof(Topics));
        writer.WriteInt32(TimeoutMs);
        writer.WriteBool(ValidateOnly);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic to create.</summary>
public sealed class CreatableTopic : IProtocolStruct<CreatableTopic>
{
    public string Name { get; set; } = "";

    /// <summary>-1 for the broker default (v4+) or when Assignments are given.</summary>
    public int NumPartitions { get; set; }

    /// <summary>-1 for the broker default (v4+) or when Assignments are given.</summary>
    public short ReplicationFactor { get; set; }

    public List<CreatableReplicaAssignment> Assignments { get; set; } = [];

    public List<CreatableTopicConfig> Configs { get; set; } = [];

    public static CreatableTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 5;
        var topic = new CreatableTopic
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            NumPartitions = reader.ReadInt32(nameof(NumPartitions)),
            ReplicationFactor = reader.ReadInt16(nameof(ReplicationFactor)),
            Assignments = reader.ReadArray<CreatableReplicaAssignment>(flexible, version, nameof(Assignments), 5),
            Configs = reader.ReadArray<CreatableTopicConfig>(flexible, version, nameof(Configs), 2),
        };
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 5;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteInt32(NumPartitions);
        writer.WriteInt16(ReplicationFactor);
        writer.WriteArray(Assignments, flexible, version, nameof(Assignments));
        writer.WriteArray(Configs, flexible, version, nameof(Configs));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A manual replica assignment for one partition of a topic to create.</summary>
public sealed class CreatableReplicaAssignment : IProtocolStruct<CreatableReplicaAssignment>
{
    public int PartitionIndex { get; set; }

    public List<int> BrokerIds { get; set; } = [];

    public static CreatableReplicaAssignment Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 5;
        var assignment = new CreatableReplicaAssignment
        {
            PartitionIndex = reader.ReadInt32(nameof(PartitionIndex)),
            BrokerIds = reader.ReadInt32Array(flexible, nameof(BrokerIds)),
        };
        if (flexible) reader.SkipTaggedFields();
        return assignment;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 5;
        writer.WriteInt32(PartitionIndex);
        writer.WriteInt32Array(BrokerIds, flexible, nameof(BrokerIds));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A configuration of a topic to create.</summary>
public sealed class CreatableTopicConfig : IProtocolStruct<CreatableTopicConfig>
{
    public string Name { get; set; } = "";

    public string? Value { get; set; } = "";

    public static CreatableTopicConfig Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 5;
        var config = new CreatableTopicConfig
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Value = reader.ReadNullableString(flexible, nameof(Value)),
        };
        if (flexible) reader.SkipTaggedFields();
        return config;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 5;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteNullableString(Value, flexible, nameof(Value));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
