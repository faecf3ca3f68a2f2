namespace Streaming.Protocol.Messages;

/// <summary>A topic to fetch from (Fetch request): by name up to v12, by id from v13.</summary>
public sealed class FetchTopic : IProtocolStruct<FetchTopic>
{
    /// <summary>v0-12, ignorable.</summary>
    public string Topic { get; set; } = "";

    /// <summary>v13+, ignorable.</summary>
    public Guid TopicId { get; set; }

    public List<FetchPartition> Partitions { get; set; } = [];

    public static FetchTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 12;
        var topic = new FetchTopic();
        if (version <= 12) topic.Topic = reader.ReadString(flexible, nameof(Topic));
        else topic.TopicId = reader.ReadUuid(nameof(TopicId));
        topic.Partitions = reader.ReadArray<FetchPartition>(flexible, version, nameof(Partitions), 16);
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

/// <summary>A partition to fetch from (Fetch request).</summary>
public sealed class FetchPartition : IProtocolStruct<FetchPartition>
{
    private const string Message = nameof(FetchRequest);

    public int Partition { get; set; }

    /// <summary>v9+, ignorable, default -1.</summary>
    public int CurrentLeaderEpoch { get; set; } = -1;

    public long FetchOffset { get; set; }

    /// <summary>v12+, not ignorable, default -1.</summary>
    public int LastFetchedEpoch { get; set; } = -1;

    /// <summary>v5+, ignorable, default -1 (followers only).</summary>
    public long LogStartOffset { get; set; } = -1;

    public int PartitionMaxBytes { get; set; }

    /// <summary>Tag 0 (v17+), ignorable.</summary>
    public Guid ReplicaDirectoryId { get; set; }

    public static FetchPartition Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 12;
        var partition = new FetchPartition { Partition = reader.ReadInt32(nameof(Partition)) };
        if (version >= 9) partition.CurrentLeaderEpoch = reader.ReadInt32(nameof(CurrentLeaderEpoch));
        partition.FetchOffset = reader.ReadInt64(nameof(FetchOffset));
        if (version >= 12) partition.LastFetchedEpoch = reader.ReadInt32(nameof(LastFetchedEpoch));
        if (version >= 5) partition.LogStartOffset = reader.ReadInt64(nameof(LogStartOffset));
        partition.PartitionMaxBytes = reader.ReadInt32(nameof(PartitionMaxBytes));
        if (flexible)
        {
            TaggedFieldCursor tags = reader.BeginTaggedFields();
            while (reader.NextTaggedField(ref tags, out int tag))
            {
                if (tag == 0 && version >= 17) partition.ReplicaDirectoryId = reader.ReadUuid(nameof(ReplicaDirectoryId));
                else reader.SkipTaggedField(ref tags);
            }
        }

        return partition;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 12;
        writer.WriteInt32(Partition);
        if (version >= 9) writer.WriteInt32(CurrentLeaderEpoch);
        writer.WriteInt64(FetchOffset);
        if (version >= 12) writer.WriteInt32(LastFetchedEpoch);
        else VersionGuard.RequireDefault(LastFetchedEpoch == -1, Message, nameof(LastFetchedEpoch), version);
        if (version >= 5) writer.WriteInt64(LogStartOffset);
        writer.WriteInt32(PartitionMaxBytes);
        if (flexible)
        {
            bool directory = version >= 17 && ReplicaDirectoryId != Guid.Empty;
            writer.WriteUnsignedVarint(directory ? 1u : 0u);
            if (directory)
            {
                writer.WriteTaggedFieldHeader(0, KafkaUuid.Size);
                writer.WriteUuid(ReplicaDirectoryId);
            }
        }
    }
}
