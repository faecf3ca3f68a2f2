using Streaming.Protocol;
using Streaming.Protocol.Groups;

namespace Streaming.Broker.InProcess;

/// <summary>
/// Subscription and assignment bytes as Kafka's consumer protocol encodes them (ConsumerProtocolSubscription /
/// ConsumerProtocolAssignment), so members of any Kafka client can share a group. Maps between the codec's types and
/// the assignor plug-in's.
/// </summary>
internal static class GroupProtocol
{
    public const string ProtocolType = "consumer";

    public static byte[] EncodeSubscription(IReadOnlyList<string> topics, ReadOnlyMemory<byte> userData, IReadOnlyList<TopicPartition> owned, int generation)
        => ConsumerProtocol.SerializeSubscription(new ConsumerSubscription
        {
            Topics = topics,
            UserData = userData.IsEmpty ? null : userData,
            OwnedPartitions = Group(owned),
            GenerationId = generation,
        });

    public static GroupSubscription DecodeSubscription(byte[] bytes, string? instanceId)
    {
        var s = Decode(() => ConsumerProtocol.DeserializeSubscription(bytes), "subscription");
        return new GroupSubscription(s.Topics, s.UserData ?? default, Flatten(s.OwnedPartitions), instanceId, s.GenerationId);
    }

    public static byte[] EncodeAssignment(MemberAssignment assignment)
        => ConsumerProtocol.SerializeAssignment(new ConsumerAssignment
        {
            AssignedPartitions = Group(assignment.Partitions),
            UserData = assignment.UserData.IsEmpty ? null : assignment.UserData,
        });

    public static MemberAssignment DecodeAssignment(byte[] bytes)
    {
        var a = Decode(() => ConsumerProtocol.DeserializeAssignment(bytes), "assignment");
        return new MemberAssignment(Flatten(a.AssignedPartitions), a.UserData ?? default);
    }

    private static T Decode<T>(Func<T> decode, string what)
    {
        try
        {
            return decode();
        }
        catch (ProtocolException ex)
        {
            throw new InvalidRequestException($"a group member sent a malformed consumer-protocol {what}: {ex.Message}", ex);
        }
    }

    private static ConsumerTopicPartitions[] Group(IReadOnlyList<TopicPartition> partitions)
        => partitions.GroupBy(tp => tp.Topic, StringComparer.Ordinal)
            .Select(g => new ConsumerTopicPartitions(g.Key, g.Select(tp => tp.Partition).Order().ToArray())).ToArray();

    private static TopicPartition[] Flatten(IReadOnlyList<ConsumerTopicPartitions> groups)
        => groups.SelectMany(g => g.Partitions.Select(p => new TopicPartition(g.Topic, p))).ToArray();
}
