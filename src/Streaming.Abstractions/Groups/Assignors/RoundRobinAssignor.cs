namespace Streaming;

/// <summary>
/// Kafka's <c>RoundRobinAssignor</c> ("roundrobin", eager): every partition of every subscribed topic, ordered by topic
/// and partition, is dealt to the members in turn (ordered by member id), skipping a member that does not subscribe to
/// the partition's topic. Two members and two topics of three partitions give C0 = [t0-0, t0-2, t1-1] and
/// C1 = [t0-1, t1-0, t1-2].
/// </summary>
/// <remarks>Static members (with a <c>group.instance.id</c>) sort before dynamic ones, by instance id, as in Kafka.</remarks>
public sealed class RoundRobinAssignor : IPartitionAssignor
{
    /// <summary>The protocol name, as in Kafka's <c>partition.assignment.strategy</c>.</summary>
    public const string AssignorName = "roundrobin";

    /// <inheritdoc/>
    public string Name => AssignorName;

    /// <inheritdoc/>
    public RebalanceProtocol Protocol => RebalanceProtocol.Eager;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, MemberAssignment> Assign(
        IReadOnlyDictionary<string, int> partitionCounts, IReadOnlyDictionary<string, GroupSubscription> subscriptions)
    {
        AssignorSupport.Validate(partitionCounts, subscriptions);
        string[] members = AssignorSupport.SortedMembers(subscriptions);
        Dictionary<string, HashSet<string>> topicsByMember = AssignorSupport.ExistingTopicsByMember(partitionCounts, subscriptions);
        var assignment = members.ToDictionary(m => m, _ => new List<TopicPartition>(), StringComparer.Ordinal);

        // The cursor keeps its place across topics, as Kafka's CircularIterator does. Every topic here has at least one
        // subscriber, so the skip loop always stops.
        int next = 0;
        foreach (string topic in AssignorSupport.AllTopics(topicsByMember))
        {
            int partitions = AssignorSupport.PartitionCount(partitionCounts, topic);
            for (int p = 0; p < partitions; p++)
            {
                while (!topicsByMember[members[next]].Contains(topic)) next = (next + 1) % members.Length;
                assignment[members[next]].Add(new TopicPartition(topic, p));
                next = (next + 1) % members.Length;
            }
        }

        return AssignorSupport.ToResult(assignment);
    }
}
