namespace Streaming.Protocol.Messages;

/// <summary>
/// Metadata request (key 3), versions 0-12, flexible from 9. Topics null means "all topics" (v1+); in v0 an empty list
/// means all topics.
/// </summary>
public sealed class MetadataRequest : IKafkaRequest<MetadataRequest, MetadataResponse>
{
    private const string Name = nameof(MetadataRequest);

    public static ApiKey ApiKey => ApiKey.Metadata;

    /// <summary>Topics to describe; nullable from v1 (null = all topics).</summary>
    public List<MetadataRequestTopic>? Topics { get; set; } = [];

    /// <summary>v4+, default true, not ignorable.</summary>
    public bool AllowAutoTopicCreation { get; set; } = true;

    /// <summary>v8-10, not ignorable.</summary>
    public bool IncludeClusterAuthorizedOperations { get; set; }

    /// <summary>v8+, not ignorable.</summary>
    public bool IncludeTopicAuthorizedOperations { get; set; }

    public static MetadataRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Metadata, version, Name);
        var message = new MetadataRequest
        {
            Topics = version >= 1
                ? reader.ReadNullableArray<MetadataRequestTopic>(flexible, version, nameof(Topics))
                : reader.ReadArray<MetadataRequestTopic>(flexible, version, nameof(Topics), 2),
        };
        if (version >= 4) message.AllowAutoTopicCreation = reader.ReadBool(nameof(AllowAutoTopicCreation));
        if (version is >= 8 and <= 10) message.IncludeClusterAuthorizedOperations = reader.ReadBool(nameof(IncludeClusterAuthorizedOperations));
        if (version >= 8) message.IncludeTopicAuthorizedOperations = reader.ReadBool(nameof(IncludeTopicAuthorizedOperations));
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Metadata, version, Name);
        if (version >= 1) writer.WriteNullableArray(Topics, flexible, version);
        else writer.WriteArray(Topics!, flexible, version, nameof(Topics));

        if (version >= 4) writer.WriteBool(AllowAutoTopicCreation);
        else VersionGuard.RequireDefault(AllowAutoTopicCreation, Name, nameof(AllowAutoTopicCreation), version);

        if (version is >= 8 and <= 10) writer.WriteBool(IncludeClusterAuthorizedOperations);
        else VersionGuard.RequireDefault(!IncludeClusterAuthorizedOperations, Name, nameof(IncludeClusterAuthorizedOperations), version);

        if (version >= 8) writer.WriteBool(IncludeTopicAuthorizedOperations);
        else VersionGuard.RequireDefault(!IncludeTopicAuthorizedOperations, Name, nameof(IncludeTopicAuthorizedOperations), version);

        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic asked for in a Metadata request.</summary>
public sealed class MetadataRequestTopic : IProtocolStruct<MetadataRequestTopic>
{
    /// <summary>v10+, ignorable.</summary>
    public Guid TopicId { get; set; }

    /// <summary>The topic name; nullable from v10 (when asking by id).</summary>
    public string? Name { get; set; } = "";

    public static MetadataRequestTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 9;
        var topic = new MetadataRequestTopic();
        if (version >= 10) topic.TopicId = reader.ReadUuid(nameof(TopicId));
        topic.Name = version >= 10 ? reader.ReadNullableString(flexible, nameof(Name)) : reader.ReadString(flexible, nameof(Name));
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 9;
        if (version >= 10) writer.WriteUuid(TopicId);
        if (version >= 10) writer.WriteNullableString(Name, flexible, nameof(Name));
        else writer.WriteString(Name!, flexible, nameof(Name));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
