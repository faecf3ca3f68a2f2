namespace Streaming;

/// <summary>
/// A client-side partition assignor, as in Kafka's classic group protocol: the group leader runs it over every member's
/// subscription and the broker hands the result out as opaque bytes. Plug in your own (the stream-processing runtime
/// does) by naming it in the consumer's <c>partition.assignment.strategy</c> list via <see cref="ConsumerBuilder{TKey,TValue}"/>.
/// </summary>
public interface IPartitionAssignor
{
    /// <summary>The protocol name every member of the group must agree on (e.g. "range", "roundrobin", "cooperative-sticky").</summary>
    string Name { get; }

    /// <summary>Eager or cooperative rebalancing.</summary>
    RebalanceProtocol Protocol { get; }

    /// <summary>Data this member sends to the leader's assignor with its subscription; empty by default.</summary>
    ReadOnlyMemory<byte> GetUserData(IReadOnlyCollection<string> topics, IReadOnlyList<TopicPartition> ownedPartitions) => default;

    /// <summary>
    /// Computes the assignment: every partition of every subscribed topic to exactly one member that subscribes to its topic.
    /// </summary>
    /// <param name="partitionCounts">Partition count of each subscribed topic.</param>
    /// <param name="subscriptions">Each member's subscription, by member id.</param>
    IReadOnlyDictionary<string, MemberAssignment> Assign(IReadOnlyDictionary<string, int> partitionCounts, IReadOnlyDictionary<string, GroupSubscription> subscriptions);

    /// <summary>Told of this member's assignment once the group has settled on it.</summary>
    void OnAssignment(MemberAssignment assignment, int generation) { }
}
