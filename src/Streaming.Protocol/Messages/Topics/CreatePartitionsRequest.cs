namespace Streaming.Protocol.Messages;

/// <summary>CreatePartitions request (key 37), versions 0-3, flexible from 2.</summary>
public sealed class CreatePartitionsRequest : IKafkaRequest<CreatePartitionsRequest, CreatePartitionsResponse>
{
    private const string Name = nameof(CreatePartitionsRequest);

    public static ApiKey ApiKey => ApiKey.CreatePartitions;

    public List<CreatePartitionsTopic> Topics { get; set; } = [];

    public int TimeoutMs { get; set; }

    public bool ValidateOnly { get; set; }

    public static CreatePartitionsRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.CreatePartitions, version, Name);
        var message = new CreatePartitionsRequest
        {
            Topics = reader.ReadArray<CreatePartitionsTopic>(flexible, version, nameof(Topics), 6),
            TimeoutMs = reader.ReadInt32(nameof(TimeoutMs)),
            ValidateOnly = reader.ReadBool(nameof(ValidateOnly)),
        };
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.CreatePartitions, version, Name);
        writer.WriteArray(Topics, flexible, version, nameof(Topics));
        writer.WriteInt32(TimeoutMs);
        writer.WriteBool(ValidateOnly);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic to grow to <see cref="Count"/> partitions.</summary>
public sealed class CreatePartitionsTopic : IProtocolStruct<CreatePartitionsTopic>
{
    public string Name { get; set; } = "";

    /// <summary>The new total number of partitions.</summary>
    public int Count { get; set; }

    /// <summary>Replicas of each new partition; null for automatic placement.</summary>
    public List<CreatePartitionsAssignment>? Assignments { get; set; }

    public static CreatePartitionsTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 2;
        var topic = new CreatePartitionsTopic
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Count = reader.ReadInt32(nameof(Count)),
            Assignments = reader.ReadNullableArray<CreatePartitionsAssignment>(flexible, version, nameof(Assignments)),
        };
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 2;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteInt32(Count);
        writer.WriteNullableArray(Assignments, flexible, version);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>The replicas of one new partition.</summary>
public sealed class CreatePartitionsAssignment : IProtocolStruct<CreatePartitionsAssignment>
{
    public List<int> BrokerIds { get; set; } = [];

    public static CreatePartitionsAssignment Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 2;
        var assignment = new CreatePartitionsAssignment { BrokerIds = reader.ReadInt32Array(flexible, nameof(BrokerIds)) };
        if (flexible) reader.SkipTaggedFields();
        return assignment;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 2;
        writer.WriteInt32Array(BrokerIds, flexible, nameof(BrokerIds));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
