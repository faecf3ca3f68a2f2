using Streaming.Protocol;
using Streaming.Protocol.Groups;

namespace Streaming.Kafka.Membership;

/// <summary>
/// Between the assignor plug-in's types and the "consumer" protocol's bytes (Kafka's ConsumerProtocolSubscription and
/// ConsumerProtocolAssignment, encoded by Streaming.Protocol's <see cref="ConsumerProtocol"/>), so members of any Kafka
/// client can share a group with this one. The broker's in-process consumer keeps the same small mapping: the codec is
/// shared in Streaming.Protocol, which does not know the framework's types.
/// </summary>
internal static class ConsumerProtocolMapper
{
    public const string ProtocolType = "consumer";

    public static byte[] EncodeSubscription(IReadOnlyList<string> topics, ReadOnlyMemory<byte> userData, IReadOnlyList<TopicPartition> owned, int generation, string? rack)
        => ConsumerProtocol.SerializeSubscription(new ConsumerSubscription
        {
            Topics = topics,
            UserData = userData.IsEmpty ? null : userData,
            OwnedPartitions = Group(owned),
            GenerationId = generation,
            RackId = rack,
        });

    /// <exception cref="InvalidRequestException">The bytes are not a consumer-protocol subscription.</exception>
    public static GroupSubscription DecodeSubscription(ReadOnlyMemory<byte> bytes, string memberId, string? instanceId)
    {
        try
        {
            var s = ConsumerProtocol.DeserializeSubscription(bytes.Span);
            return new GroupSubscription(s.Topics, s.UserData ?? default, Flatten(s.OwnedPartitions), instanceId, s.GenerationId);
        }
        catch (ProtocolException ex)
        {
            throw new InvalidRequestException($"group member '{memberId}' sent a malformed consumer-protocol subscription: {ex.Message}", ex);
        }
    }

    public static byte[] EncodeAssignment(MemberAssignment assignment)
        => ConsumerProtocol.SerializeAssignment(new ConsumerAssignment
        {
            AssignedPartitions = Group(assignment.Partitions),
            UserData = assignment.UserData.IsEmpty ? null : assignment.UserData,
        });

    /// <summary>An empty assignment (bytes of length 0, as a leader may send a member it gives nothing) decodes to no partitions.</summary>
    /// <exception cref="InvalidRequestException">The bytes are not a consumer-protocol assignment.</exception>
    public static MemberAssignment DecodeAssignment(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty) return new MemberAssignment([]);
        try
        {
            var a = ConsumerProtocol.DeserializeAssignment(bytes.Span);
            return new MemberAssignment(Flatten(a.AssignedPartitions), a.UserData ?? default);
        }
        catch (ProtocolException ex)
        {
            throw new InvalidRequestException($"the group leader sent a malformed consumer-protocol assignment: {ex.Message}", ex);
        }
    }

    private static ConsumerTopicPartitions[] Group(IReadOnlyList<TopicPartition> partitions)
        => partitions.GroupBy(tp => tp.Topic, StringComparer.Ordinal)
            .Select(g => new ConsumerTopicPartitions(g.Key, g.Select(tp => tp.Partition).Order().ToArray())).ToArray();

    private static TopicPartition[] Flatten(IReadOnlyList<ConsumerTopicPartitions> groups)
        => groups.SelectMany(g => g.Partitions.Select(p => new TopicPartition(g.Topic, p))).ToArray();
}
