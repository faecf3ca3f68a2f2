namespace Streaming.Broker.InProcess;

/// <summary>
/// Subscription and assignment bytes as Kafka's consumer protocol encodes them (ConsumerProtocolSubscription /
/// ConsumerProtocolAssignment), so members of any Kafka client can share a group.
/// </summary>
internal static class GroupProtocol
{
    public const string ProtocolType = "consumer";

    public static byte[] EncodeSubscription(IReadOnlyList<string> topics, ReadOnlyMemory<byte> userData, IReadOnlyList<TopicPartition> owned, int generation)
        => throw new System.NotImplementedException();

    public static GroupSubscription DecodeSubscription(byte[] bytes, string? instanceId)
        => throw new System.NotImplementedException();

    public static byte[] EncodeAssignment(MemberAssignment assignment)
        => throw new System.NotImplementedException();

    public static MemberAssignment DecodeAssignment(byte[] bytes)
        => throw new System.NotImplementedException();
}
