namespace Streaming;

/// <summary>What the leader's assignor gives one member: partitions and optional assignor data.</summary>
public sealed record MemberAssignment(IReadOnlyList<TopicPartition> Partitions, ReadOnlyMemory<byte> UserData = default);
