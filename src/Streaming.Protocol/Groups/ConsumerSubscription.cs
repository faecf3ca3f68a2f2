namespace Streaming.Protocol.Groups;

/// <summary>
/// Kafka's <c>ConsumerProtocolSubscription</c>: the metadata a consumer sends in JoinGroup for the "consumer" protocol
/// type. Fields a version does not carry are dropped when writing it (they are ignorable in the spec) and take their
/// defaults when reading it.
/// </summary>
public sealed record ConsumerSubscription
{
    /// <summary>The subscribed topics (all versions).</summary>
    public required IReadOnlyList<string> Topics { get; init; }

    /// <summary>The assignor's user data, or null (all versions; null and empty are distinct on the wire).</summary>
    public ReadOnlyMemory<byte>? UserData { get; init; }

    /// <summary>The partitions the member owns now (version 1 and later); empty by default.</summary>
    public IReadOnlyList<ConsumerTopicPartitions> OwnedPartitions { get; init; } = [];

    /// <summary>The generation in which the member owned <see cref="OwnedPartitions"/> (version 2 and later); -1 by default.</summary>
    public int GenerationId { get; init; } = -1;

    /// <summary>The member's rack, for rack-aware assignment (version 3 and later); null by default.</summary>
    public string? RackId { get; init; }
}
