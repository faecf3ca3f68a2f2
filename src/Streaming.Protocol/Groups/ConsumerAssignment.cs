namespace Streaming.Protocol.Groups;

/// <summary>
/// Kafka's <c>ConsumerProtocolAssignment</c>: what the group leader hands one member in SyncGroup for the "consumer"
/// protocol type. Versions 0 to 3 carry the same fields.
/// </summary>
public sealed record ConsumerAssignment
{
    /// <summary>The partitions assigned to the member.</summary>
    public required IReadOnlyList<ConsumerTopicPartitions> AssignedPartitions { get; init; }

    /// <summary>The assignor's user data, or null (null and empty are distinct on the wire).</summary>
    public ReadOnlyMemory<byte>? UserData { get; init; }
}
