namespace Streaming.Protocol.Groups;

/// <summary>
/// Encodes and decodes the "consumer" protocol type's JoinGroup metadata (<see cref="ConsumerSubscription"/>) and
/// SyncGroup assignment (<see cref="ConsumerAssignment"/>), versions 0 to 3, in Kafka's non-flexible encoding: an int16
/// version, then the fields with int16-length strings, int32-length arrays and int32-length nullable bytes.
/// </summary>
/// <remarks>
/// As in Kafka's <c>ConsumerProtocol</c>, decoding a version above 3 reads it as version 3 and ignores whatever
/// follows the known fields (newer versions may only append fields), and bytes after the last field are ignored at
/// every version.
/// </remarks>
public static class ConsumerProtocol
{
    /// <summary>The highest ConsumerProtocolSubscription version this codec writes.</summary>
    public const short SubscriptionVersion = 3;

    /// <summary>The highest ConsumerProtocolAssignment version this codec writes.</summary>
    public const short AssignmentVersion = 3;

    private const string SubscriptionName = "ConsumerProtocolSubscription";
    private const string AssignmentName = "ConsumerProtocolAssignment";

    // A TopicPartition entry is at least an empty topic (int16 length) and an empty partition array (int32 count).
    private const int MinTopicPartitionsSize = 2 + 4;

    /// <summary>Encodes <paramref name="subscription"/> at <paramref name="version"/> (0 to 3); fields newer than the version are dropped.</summary>
    public static byte[] SerializeSubscription(ConsumerSubscription subscription, short version = SubscriptionVersion)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(subscription.Topics);
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, SubscriptionVersion);
        IReadOnlyList<ConsumerTopicPartitions> owned = subscription.OwnedPartitions ?? [];

        int size = 2 + 4 + ClassicWriter.BytesSize(subscription.UserData);
        foreach (string topic in subscription.Topics)
        {
            ArgumentNullException.ThrowIfNull(topic, nameof(subscription.Topics));
            size += ClassicWriter.StringSize(topic, "topic");
        }

        if (version >= 1) size += TopicPartitionsSize(owned);
        if (version >= 2) size += 4;
        if (version >= 3) size += ClassicWriter.StringSize(subscription.RackId, nameof(subscription.RackId));

        byte[] buffer = new byte[size];
        var writer = new ClassicWriter(buffer);
        writer.WriteInt16(version);
        writer.WriteInt32(subscription.Topics.Count);
        foreach (string topic in subscription.Topics) writer.WriteNullableString(topic);
        writer.WriteNullableBytes(subscription.UserData);
        if (version >= 1) WriteTopicPartitions(ref writer, owned);
        if (version >= 2) writer.WriteInt32(subscription.GenerationId);
        if (version >= 3) writer.WriteNullableString(subscription.RackId);
        return buffer;
    }

    /// <summary>Decodes a subscription of any version (above 3 read as 3).</summary>
    /// <exception cref="ProtocolException">The bytes are truncated or malformed.</exception>
    public static ConsumerSubscription DeserializeSubscription(ReadOnlySpan<byte> data) => DeserializeSubscription(data, out _);

    /// <summary>Decodes a subscription of any version (above 3 read as 3) and reports the version it was written at.</summary>
    /// <exception cref="ProtocolException">The bytes are truncated or malformed.</exception>
    public static ConsumerSubscription DeserializeSubscription(ReadOnlySpan<byte> data, out short version)
    {
        var reader = new ClassicReader(data, SubscriptionName);
        version = ReadVersion(ref reader, SubscriptionName);

        int topicCount = reader.ReadArrayLength("Topics", minElementSize: 2);
        var topics = new string[topicCount];
        for (int i = 0; i < topicCount; i++) topics[i] = reader.ReadString("Topics element");
        ReadOnlyMemory<byte>? userData = reader.ReadNullableBytes("UserData");

        IReadOnlyList<ConsumerTopicPartitions> owned = version >= 1 ? ReadTopicPartitions(ref reader, TopicPartitionsFields.Owned) : [];
        int generationId = version >= 2 ? reader.ReadInt32("GenerationId") : -1;
        string? rackId = version >= 3 ? reader.ReadNullableString("RackId") : null;

        return new ConsumerSubscription
        {
            Topics = topics,
            UserData = userData,
            OwnedPartitions = owned,
            GenerationId = generationId,
            RackId = rackId,
        };
    }

    /// <summary>Encodes <paramref name="assignment"/> at <paramref name="version"/> (0 to 3; all carry the same fields).</summary>
    public static byte[] SerializeAssignment(ConsumerAssignment assignment, short version = AssignmentVersion)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(assignment.AssignedPartitions);
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, AssignmentVersion);

        int size = 2 + TopicPartitionsSize(assignment.AssignedPartitions) + ClassicWriter.BytesSize(assignment.UserData);
        byte[] buffer = new byte[size];
        var writer = new ClassicWriter(buffer);
        writer.WriteInt16(version);
        WriteTopicPartitions(ref writer, assignment.AssignedPartitions);
        writer.WriteNullableBytes(assignment.UserData);
        return buffer;
    }

    /// <summary>Decodes an assignment of any version (above 3 read as 3).</summary>
    /// <exception cref="ProtocolException">The bytes are truncated or malformed.</exception>
    public static ConsumerAssignment DeserializeAssignment(ReadOnlySpan<byte> data) => DeserializeAssignment(data, out _);

    /// <summary>Decodes an assignment of any version (above 3 read as 3) and reports the version it was written at.</summary>
    /// <exception cref="ProtocolException">The bytes are truncated or malformed.</exception>
    public static ConsumerAssignment DeserializeAssignment(ReadOnlySpan<byte> data, out short version)
    {
        var reader = new ClassicReader(data, AssignmentName);
        version = ReadVersion(ref reader, AssignmentName);
        IReadOnlyList<ConsumerTopicPartitions> assigned = ReadTopicPartitions(ref reader, TopicPartitionsFields.Assigned);
        ReadOnlyMemory<byte>? userData = reader.ReadNullableBytes("UserData");
        return new ConsumerAssignment { AssignedPartitions = assigned, UserData = userData };
    }

    private static short ReadVersion(ref ClassicReader reader, string message)
    {
        short version = reader.ReadInt16("Version");
        if (version < 0) throw new ProtocolException($"{message} has version {version}; versions start at 0");
        return version;
    }

    private static int TopicPartitionsSize(IReadOnlyList<ConsumerTopicPartitions> entries)
    {
        int size = 4;
        foreach (ConsumerTopicPartitions entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry);
            ArgumentNullException.ThrowIfNull(entry.Topic, nameof(entry.Topic));
            ArgumentNullException.ThrowIfNull(entry.Partitions, nameof(entry.Partitions));
            size += ClassicWriter.StringSize(entry.Topic, "topic") + 4 + (4 * entry.Partitions.Count);
        }

        return size;
    }

    private static void WriteTopicPartitions(ref ClassicWriter writer, IReadOnlyList<ConsumerTopicPartitions> entries)
    {
        writer.WriteInt32(entries.Count);
        foreach (ConsumerTopicPartitions entry in entries)
        {
            writer.WriteNullableString(entry.Topic);
            writer.WriteInt32(entry.Partitions.Count);
            foreach (int partition in entry.Partitions) writer.WriteInt32(partition);
        }
    }

    private static ConsumerTopicPartitions[] ReadTopicPartitions(ref ClassicReader reader, TopicPartitionsFields names)
    {
        int count = reader.ReadArrayLength(names.Array, MinTopicPartitionsSize);
        var entries = new ConsumerTopicPartitions[count];
        for (int i = 0; i < count; i++)
        {
            string topic = reader.ReadString(names.Topic);
            int partitionCount = reader.ReadArrayLength(names.Partitions, minElementSize: 4);
            var partitions = new int[partitionCount];
            for (int j = 0; j < partitionCount; j++) partitions[j] = reader.ReadInt32(names.Partition);
            entries[i] = new ConsumerTopicPartitions(topic, partitions);
        }

        return entries;
    }

    /// <summary>Field names for error messages, built once so that decoding allocates none.</summary>
    private sealed record TopicPartitionsFields(string Array)
    {
        public static readonly TopicPartitionsFields Owned = new("OwnedPartitions");
        public static readonly TopicPartitionsFields Assigned = new("AssignedPartitions");

        public string Topic { get; } = Array + " element Topic";
        public string Partitions { get; } = Array + " element Partitions";
        public string Partition { get; } = Array + " element Partitions element";
    }
}
