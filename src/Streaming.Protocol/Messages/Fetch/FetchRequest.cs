namespace Streaming.Protocol.Messages;

/// <summary>
/// Fetch request (key 1), versions 4-17 (Kafka 4.0's floor), flexible from 12; topics are named by id from 13.
/// Tagged (v12+): 0 ClusterId, 1 ReplicaState (v15+); per partition 0 ReplicaDirectoryId (v17+).
/// </summary>
public sealed class FetchRequest : IKafkaRequest<FetchRequest, FetchResponse>
{
    private const string Name = nameof(FetchRequest);

    public static ApiKey ApiKey => ApiKey.Fetch;

    /// <summary>Tag 0 (v12+), ignorable, default null.</summary>
    public string? ClusterId { get; set; }

    /// <summary>v0-14, not ignorable, default -1 (a consumer).</summary>
    public int ReplicaId { get; set; } = -1;

    /// <summary>Tag 1 (v15+), not ignorable; null (or -1/-1) when absent.</summary>
    public FetchReplicaState? ReplicaState { get; set; }

    public int MaxWaitMs { get; set; }

    public int MinBytes { get; set; }

    /// <summary>v3+, default int.MaxValue.</summary>
    public int MaxBytes { get; set; } = int.MaxValue;

    /// <summary>v4+: 0 read_uncommitted, 1 read_committed.</summary>
    public sbyte IsolationLevel { get; set; }

    /// <summary>v7+, ignorable, default 0.</summary>
    public int SessionId { get; set; }

    /// <summary>v7+, ignorable, default -1.</summary>
    public int SessionEpoch { get; set; } = -1;

    public List<FetchTopic> Topics { get; set; } = [];

    /// <summary>v7+, not ignorable.</summary>
    public List<ForgottenTopic> ForgottenTopicsData { get; set; } = [];

    /// <summary>v11+, ignorable, default "".</summary>
    public string RackId { get; set; } = "";

    public static FetchRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Fetch, version, Name);
        var message = new FetchRequest();
        if (version <= 14) message.ReplicaId = reader.ReadInt32(nameof(ReplicaId));
        message.MaxWaitMs = reader.ReadInt32(nameof(MaxWaitMs));
        message.MinBytes = reader.ReadInt32(nameof(MinBytes));
        message.MaxBytes = reader.ReadInt32(nameof(MaxBytes));
        message.IsolationLevel = reader.ReadInt8(nameof(IsolationLevel));
        if (version >= 7)
        {
            message.SessionId = reader.ReadInt32(nameof(SessionId));
            message.SessionEpoch = reader.ReadInt32(nameof(SessionEpoch));
        }

        message.Topics = reader.ReadArray<FetchTopic>(flexible, version, nameof(Topics), 2);
        if (version >= 7) message.ForgottenTopicsData = reader.ReadArray<ForgottenTopic>(flexible, version, nameof(ForgottenTopicsData), 2);
        if (version >= 11) message.RackId = reader.ReadString(flexible, nameof(RackId));
        if (flexible)
        {
            TaggedFieldCursor tags = reader.BeginTaggedFields();
            while (reader.NextTaggedField(ref tags, out int tag))
            {
                if (tag == 0) message.ClusterId = reader.ReadCompactNullableString(nameof(ClusterId));
                else if (tag == 1 && version >= 15) message.ReplicaState = FetchReplicaState.Read(ref reader, version);
                else reader.SkipTaggedField(ref tags);
            }
        }

        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.Fetch, version, Name);
        if (version <= 14) writer.WriteInt32(ReplicaId);
        else VersionGuard.RequireDefault(ReplicaId == -1, Name, nameof(ReplicaId), version);
        writer.WriteInt32(MaxWaitMs);
        writer.WriteInt32(MinBytes);
        writer.WriteInt32(MaxBytes);
        writer.WriteInt8(IsolationLevel);
        if (version >= 7)
        {
            writer.WriteInt32(SessionId);
            writer.WriteInt32(SessionEpoch);
        }

        writer.WriteArray(Topics, flexible, version, nameof(Topics));
        if (version >= 7) writer.WriteArray(ForgottenTopicsData, flexible, version, nameof(ForgottenTopicsData));
        else VersionGuard.RequireDefault(ForgottenTopicsData is not { Count: > 0 }, Name, nameof(ForgottenTopicsData), version);
        if (version >= 11) writer.WriteString(RackId, flexible, nameof(RackId));

        bool replicaState = ReplicaState is { IsDefault: false };
        if (version < 15) VersionGuard.RequireDefault(!replicaState, Name, nameof(ReplicaState), version);
        if (flexible)
        {
            bool clusterId = ClusterId is not null;
            replicaState &= version >= 15;
            writer.WriteUnsignedVarint((uint)((clusterId ? 1 : 0) + (replicaState ? 1 : 0)));
            if (clusterId)
            {
                ProtocolWriter measuring = ProtocolWriter.CreateMeasuring();
                measuring.WriteCompactNullableString(ClusterId, nameof(ClusterId));
                writer.WriteTaggedFieldHeader(0, (int)measuring.BytesWritten);
                writer.WriteCompactNullableString(ClusterId, nameof(ClusterId));
            }

            if (replicaState) writer.WriteTaggedStruct(1, ReplicaState!, version);
        }
    }
}

/// <summary>The fetching follower's id and epoch (Fetch request v15+, tag 1).</summary>
public sealed class FetchReplicaState : IProtocolStruct<FetchReplicaState>
{
    public int ReplicaId { get; set; } = -1;

    public long ReplicaEpoch { get; set; } = -1;

    internal bool IsDefault => ReplicaId == -1 && ReplicaEpoch == -1;

    public static FetchReplicaState Read(ref ProtocolReader reader, short version)
    {
        var state = new FetchReplicaState
        {
            ReplicaId = reader.ReadInt32(nameof(ReplicaId)),
            ReplicaEpoch = reader.ReadInt64(nameof(ReplicaEpoch)),
        };
        reader.SkipTaggedFields();
        return state;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        writer.WriteInt32(ReplicaId);
        writer.WriteInt64(ReplicaEpoch);
        writer.WriteEmptyTaggedFields();
    }
}

/// <summary>Partitions to forget in an incremental fetch (Fetch request v7+).</summary>
public sealed class ForgottenTopic : IProtocolStruct<ForgottenTopic>
{
    /// <summary>v7-12, ignorable.</summary>
    public string Topic { get; set; } = "";

    /// <summary>v13+, ignorable.</summary>
    public Guid TopicId { get; set; }

    public List<int> Partitions { get; set; } = [];

    public static ForgottenTopic Read(ref ProtocolReader reader, short version)
    {
        bool flexible = version >= 12;
        var topic = new ForgottenTopic();
        if (version <= 12) topic.Topic = reader.ReadString(flexible, nameof(Topic));
        else topic.TopicId = reader.ReadUuid(nameof(TopicId));
        topic.Partitions = reader.ReadInt32Array(flexible, nameof(Partitions));
        if (flexible) reader.SkipTaggedFields();
        return topic;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = version >= 12;
        if (version <= 12) writer.WriteString(Topic, flexible, nameof(Topic));
        else writer.WriteUuid(TopicId);
        writer.WriteInt32Array(Partitions, flexible, nameof(Partitions));
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
