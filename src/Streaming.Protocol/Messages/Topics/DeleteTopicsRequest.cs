namespace Streaming.Protocol.Messages;

/// <summary>
/// DeleteTopics request (key 20), versions 1-6 (Kafka 4.0's floor), flexible from 4. Names up to v5 (TopicNames);
/// name-or-id entries from v6 (Topics).
/// </summary>
public sealed class DeleteTopicsRequest : IKafkaRequest<DeleteTopicsRequest, DeleteTopicsResponse>
{
    private const string Name = nameof(DeleteTopicsRequest);

    public static ApiKey ApiKey => ApiKey.DeleteTopics;

    /// <summary>v6+, not ignorable.</summary>
    public List<DeleteTopicState> Topics { get; set; } = [];

    /// <summary>v0-5, ignorable.</summary>
    public List<string> TopicNames { get; set; } = [];

    public int TimeoutMs { get; set; }

    public static DeleteTopicsRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DeleteTopics, version, Name);
        var message = new DeleteTopicsRequest();
        if (version >= 6) message.Topics = reader.ReadArray<DeleteTopicState>(flexible, version, nameof(Topics), 18);
        else message.TopicNames = reader.ReadStringArray(flexible, nameof(TopicNames));
        message.TimeoutMs = reader.ReadInt32(nameof(TimeoutMs));
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.DeleteTopics, version, Name);
        if (version >= 6)
        {
            writer.WriteArray(Topics, flexible, version, nameof(Topics));
        }
        else
        {
            VersionGuard.RequireDefault(Topics is not { Count: > 0 }, Name, nameof(Topics), version);
            writer.WriteStringArray(TopicNames, flexible, nameof(TopicNames));
        }

        writer.WriteInt32(TimeoutMs);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic to delete, by name or by id (DeleteTopics request v6+).</summary>
public sealed class DeleteTopicState : IProtocolStruct<DeleteTopicState>
{
    /// <summary>Default null (when deleting by id).</summary>
    public string? Name { get; set; }

    public Guid TopicId { get; set; }

    public static DeleteTopicState Read(ref ProtocolReader reader, short version)
    {
        var topic = new DeleteTopicState
        {
            Name = reader.ReadCompactNullableString(nameof(Name)),
            TopicId = reader.ReadUuid(nameof(TopicId)),
        };
        reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteCompactNullableString(Name, nameof(Name));
        writer.WriteUuid(TopicId);
        writer.WriteEmptyTaggedFields();
    }
}
