namespace Streaming.Protocol.Messages;

/// <summary>
/// ListOffsets response (key 2), versions 1-10, flexible from 6. OldStyleOffsets (v0 only) is outside the supported
/// range and not modelled.
/// </summary>
public sealed class ListOffsetsResponse : IKafkaMessage<ListOffsetsResponse>
{
    private const string Name = nameof(ListOffsetsResponse);

    public static ApiKey ApiKey => ApiKey.ListOffsets;

    /// <summary>v2+, ignorable.</summary>
    public int ThrottleTimeMs { get; set; }

    public List<ListOffsetsTopicResponse> Topics { get; set; } = [];

    public static ListOffsetsResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.ListOffsets, version, Name);
        var message = new ListOffsetsResponse();
        if (version >= 2) message.ThrottleTimeMs = reader.ReadInt32(nameof(ThrottleTimeMs));
        message.Topics = reader.ReadArray<ListOffsetsTopicResponse>(flexible, version, nameof(Topics), 2);
        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.ListOffsets, version, Name);
        if (version >= 2) writer.WriteInt32(ThrottleTimeMs);
        writer.WriteArray(Topics, flexible, version, nameof(Topics));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A topic in a ListOffsets response.</summary>
public sealed class ListOffsetsTopicResponse : IProtocolStruct<ListOffsetsTopicResponse>
{
    public string Name { get; set; } = "";

    public List<ListOffsetsPartitionResponse> Partitions { get; set; } = [];

    public static ListOffsetsTopicResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 6;
        var topic = new ListOffsetsTopicResponse
        {
            Name = reader.ReadString(flexible, nameof(Name)),
            Partitions = reader.ReadArray<ListOffsetsPartitionResponse>(flexible, version, nameof(Partitions), 22),
        };
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 6;
        writer.WriteString(Name, flexible, nameof(Name));
        writer.WriteArray(Partitions, flexible, version, nameof(Partitions));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>A partition in a ListOffsets response.</summary>
public sealed class ListOffsetsPartitionResponse : IProtocolStruct<ListOffsetsPartitionResponse>
{
    private const string Message = nameof(ListOffsetsResponse);

    public int PartitionIndex { get; set; }

    public short ErrorCode { get; set; }

    /// <summary>v1+, default -1.</summary>
    public long Timestamp { get; set; } = -1;

    /// <summary>v1+, default -1.</summary>
    public long Offset { get; set; } = -1;

    /// <summary>v4+, not ignorable, default -1.</summary>
    public int LeaderEpoch { get; set; } = -1;

    public static ListOffsetsPartitionResponse Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 6;
        var partition = new ListOffsetsPartitionResponse
        {
            PartitionIndex = reader.ReadInt32(nameof(PartitionIndex)),
            ErrorCode = reader.ReadInt16(nameof(ErrorCode)),
            Timestamp = reader.ReadInt64(nameof(Timestamp)),
            Offset = reader.ReadInt64(nameof(Offset)),
        };
        if (version >= 4) partition.LeaderEpoch = reader.ReadInt32(nameof(LeaderEpoch));
        if (flexible) reader.SkipTaggedFields();
        return partition;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 6;
        writer.WriteInt32(PartitionIndex);
        writer.WriteInt16(ErrorCode);
        writer.WriteInt64(Timestamp);
        writer.WriteInt64(Offset);
        if (version >= 4) writer.WriteInt32(LeaderEpoch);
        else VersionGuard.RequireDefault(LeaderEpoch == -1, Message, nameof(LeaderEpoch), version);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
