namespace Streaming;

/// <summary>
/// Kafka's <c>RangeAssignor</c> ("range", eager): topic by topic, the members subscribing to the topic, in order of
/// member id, each get a contiguous range of its partitions; the first <c>partitions % members</c> members get one
/// extra. Two members and two topics of three partitions give C0 = [t0-0, t0-1, t1-0, t1-1] and C1 = [t0-2, t1-2].
/// </summary>
/// <remarks>
/// Static members (with a <c>group.instance.id</c>) sort before dynamic ones, by instance id, as in Kafka.
/// Kafka's rack-aware variant (used only when members and partitions carry racks) is not implemented.
/// </remarks>
public sealed class RangeAssignor : IPartitionAssignor
{
    /// <summary>The protocol name, as in Kafka's <c>partition.assignment.strategy</c>.</summary>
    public const string AssignorName = "range";

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

        var consumers = new List<string>(members.Length);
        foreach (string topic in AssignorSupport.AllTopics(topicsByMember))
        {
            consumers.Clear();
            foreach (string member in members)
            {
                if (topicsByMember[member].Contains(topic)) consumers.Add(member);
            }

            int partitions = AssignorSupport.PartitionCount(partitionCounts, topic);
            int perConsumer = partitions / consumers.Count;
            int withExtra = partitions % consumers.Count;
            for (int i = 0; i < consumers.Count; i++)
            {
                int start = (perConsumer * i) + Math.Min(i, withExtra);
                int length = perConsumer + (i < withExtra ? 1 : 0);
                List<TopicPartition> target = assignment[consumers[i]];
                for (int p = start; p < start + length; p++) target.Add(new TopicPartition(topic, p));
            }
        }

        return AssignorSupport.ToResult(assignment);
    }
}
