namespace Streaming.Protocol.Messages;

/// <summary>
/// Fetch response (key 1), versions 4-17, flexible from 12; topics are named by id from 13. Records are raw RecordBatch
/// bytes: decoded as slices of the response buffer, written as given (see <see cref="FetchPartitionData.RecordsChunks"/>
/// and <see cref="KafkaFrames.EncodeResponse{T}"/> for sending them without copying). Tagged: NodeEndpoints (tag 0, v16+).
/// </summary>
public sealed class FetchResponse : IKafkaMessage<FetchResponse>
{
    private const string Name = nameof(FetchResponse);

    public static ApiKey ApiKey => ApiKey.Fetch;

    /// <summary>v1+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    /// <summary>v7+, ignorable.</summary>
    public short ErrorCode { get; set; }

    /// <summary>v7+, not ignorable, default 0.</summary>
    public int SessionId { get; set; }

    public List<FetchableTopicResponse> Responses { get; set; } = [];

    /// <summary>Tag 0 (v16+), not ignorable.</summary>
    public List<NodeEndpoint> NodeEndpoints { get; set; } = [];

    public static FetchResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Fetch, version, Name);
        var message = new FetchResponse { ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs)) };
        if (version >= 7)
        {
            message.ErrorCode = reader.ReadInt16(nameof(ErrorCode));
            message.SessionId = reader.ReadInt32(nameof(SessionId));
        }

        message.Responses = reader.ReadArray<FetchableTopicResponse>(flexible, version, nameof(Responses), 2);
        if (flexible)
        {
            TaggedFieldCursor tags = reader.BeginTaggedFields();
            while (reader.NextTaggedField(ref tags, out int tag))
            {
                if (tag == 0 && version >= 16) message.NodeEndpoints = reader.ReadArray<NodeEndpoint>(true, version, nameof(NodeEndpoints), 10);
                else reader.SkipTaggedField(ref tags);
            }
        }

        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Fetch, version, Name);
        writer.WriteInt32(ThrottleTimeMs);
        if (version >= 7)
        {
            writer.WriteInt16(ErrorCode);
            writer.WriteInt32(SessionId);
        }
        else
        {
            VersionGuard.RequireDefault(SessionId == 0, Name, nameof(SessionId), version);
        }

        writer.WriteArray(Responses, flexible, version, nameof(Responses));
        bool endpoints = NodeEndpoints is { Count: > 0 };
        if (version < 16) VersionGuard.RequireDefault(!endpoints, Name, nameof(NodeEndpoints), version);
        if (flexible)
        {
            bool tagged = endpoints && version >= 16;
            writer.WriteUnsignedVarint(tagged ? 1u : 0u);
            if (tagged) writer.WriteTaggedArray(0, NodeEndpoints, version);
        }
    }
}

/// <summary>A topic's data in a Fetch response: by name up to v12, by id from v13.</summary>
public sealed class FetchableTopicResponse : IProtocolStruct<FetchableTopicResponse>
{
    /// <summary>v0-12, ignorable.</summary>
    public string Topic { get; set; } = "";

    /// <summary>v13+, ignorable.</summary>
    public Guid TopicId { get; set; }

    public List<FetchPartitionData> Partitions { get; set; } = [];

    public static FetchableTopicResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 12;
        var topic = new FetchableTopicResponse();
        if (version <= 12) topic.Topic = reader.ReadString(flexible, nameof(Topic));
        else topic.TopicId = reader.ReadUuid(nameof(TopicId));
        topic.Partitions = reader.ReadArray<FetchPartitionData>(flexible, version, nameof(Partitions), 30);
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 12;
        if (version <= 12) writer.WriteString(Topic, flexible, nameof(Topic));
        else writer.WriteUuid(TopicId);
        writer.WriteArray(Partitions, flexible, version, nameof(Partitions));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
