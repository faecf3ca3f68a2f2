namespace Streaming.Protocol.Messages;

/// <summary>
/// Produce response (key 0), versions 3-11, flexible from 9. Tagged (v10+): NodeEndpoints (tag 0 of the response) and
/// each partition's CurrentLeader (tag 0 of the partition).
/// </summary>
public sealed class ProduceResponse : IKafkaMessage<ProduceResponse>
{
    private const string Name = nameof(ProduceResponse);

    public static ApiKey ApiKey => ApiKey.Produce;

    public List<TopicProduceResponse> Responses { get; set; } = [];

    /// <summary>v1+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    /// <summary>Tag 0, v10+, not ignorable.</summary>
    public List<NodeEndpoint> NodeEndpoints { get; set; } = [];

    public static ProduceResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Produce, version, Name);
        var message = new ProduceResponse
        {
            Responses = reader.ReadArray<TopicProduceResponse>(flexible, version, nameof(Responses), 2),
            ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)),
        };
        if (flexible)
        {
            TaggedFieldCursor tags = reader.BeginTaggedFields();
            while (reader.NextTaggedField(ref tags, out int tag))
            {
                if (tag == 0 && version >= 10) message.NodeEndpoints = reader.ReadArray<NodeEndpoint>(true, version, nameof(NodeEndpoints), 10);
                else reader.SkipTaggedField(ref tags);
            }
        }

        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Produce, version, Name);
        writer.WriteArray(Responses, flexible, version, nameof(Responses));
        writer.WriteInt32(ThrottleTimeMs);
        bool endpoints = NodeEndpoints is { Count: > 0 };
        if (version < 10) VersionGuard.RequireDefault(!endpoints, Name, nameof(NodeEndpoints), version);
        if (flexible)
        {
            bool tagged = endpoints && version >= 10;
            writer.WriteUnsignedVarint(tagged ? 1u : 0u);
            if (tagged) writer.WriteTaggedArray(0, NodeEndpoints, version);
        }
    }
}

/// <summary>A topic's results in a Produce response.</summary>
public sealed class TopicProduceResponse : IProtocolStruct<TopicProduceResponse>
{
    public string Name { get; set; } = "";

    public List<PartitionProduceResponse> PartitionResponses { get; set; } = [];

    public static TopicProduceResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 9;
        var topic = new TopicProduceResponse
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            PartitionResponses = reader.ReadArray<PartitionProduceResponse>(flexible, version, nameof(PartitionResponses), 14),
        };
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 9;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteArray(PartitionResponses, flexible, version, nameof(PartitionResponses));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
