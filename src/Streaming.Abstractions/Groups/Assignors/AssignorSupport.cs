namespace Streaming;

/// <summary>What the built-in assignors share: input checks, Kafka's member order, partition order, the result shape.</summary>
internal static class AssignorSupport
{
    /// <summary>Orders partitions by topic (ordinal, as Java's <c>String.compareTo</c>) and then by partition number.</summary>
    public static readonly Comparison<TopicPartition> PartitionOrder = static (x, y) =>
    {
        int byTopic = string.CompareOrdinal(x.Topic, y.Topic);
        return byTopic != 0 ? byTopic : x.Partition.CompareTo(y.Partition);
    };

    public static void Validate(IReadOnlyDictionary<string, int> partitionCounts, IReadOnlyDictionary<string, GroupSubscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(partitionCounts);
        ArgumentNullException.ThrowIfNull(subscriptions);
        foreach (KeyValuePair<string, GroupSubscription> member in subscriptions)
        {
            if (member.Value is null)
                throw new ArgumentException($"member '{member.Key}' has no subscription", nameof(subscriptions));
            if (member.Value.Topics is null)
                throw new ArgumentException($"member '{member.Key}' has a subscription without a topic list", nameof(subscriptions));
        }
    }

    /// <summary>
    /// Members in Kafka's order (<c>AbstractPartitionAssignor.MemberInfo</c>): static members (with a
    /// <c>group.instance.id</c>) first, ordered by instance id, then dynamic members ordered by member id.
    /// Without static members this is plain lexicographic order of member ids.
    /// </summary>
    public static string[] SortedMembers(IReadOnlyDictionary<string, GroupSubscription> subscriptions)
    {
        string[] members = [.. subscriptions.Keys];
        Array.Sort(members, (x, y) => CompareMembers(x, subscriptions[x].GroupInstanceId, y, subscriptions[y].GroupInstanceId));
        return members;
    }

    private static int CompareMembers(string memberX, string? instanceX, string memberY, string? instanceY)
    {
        if (instanceX is not null && instanceY is not null)
        {
            int byInstance = string.CompareOrdinal(instanceX, instanceY);
            return byInstance != 0 ? byInstance : string.CompareOrdinal(memberX, memberY);
        }

        if (instanceX is not null) return -1;
        if (instanceY is not null) return 1;
        return string.CompareOrdinal(memberX, memberY);
    }

    /// <summary>Number of partitions of <paramref name="topic"/>, or 0 when the topic is unknown (not created yet).</summary>
    public static int PartitionCount(IReadOnlyDictionary<string, int> partitionCounts, string topic)
        => partitionCounts.TryGetValue(topic, out int count) && count > 0 ? count : 0;

    /// <summary>Each member's subscribed topics that exist (have at least one partition).</summary>
    public static Dictionary<string, HashSet<string>> ExistingTopicsByMember(
        IReadOnlyDictionary<string, int> partitionCounts, IReadOnlyDictionary<string, GroupSubscription> subscriptions)
    {
        var result = new Dictionary<string, HashSet<string>>(subscriptions.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, GroupSubscription> member in subscriptions)
        {
            var topics = new HashSet<string>(StringComparer.Ordinal);
            foreach (string topic in member.Value.Topics)
            {
                if (topic is not null && PartitionCount(partitionCounts, topic) > 0)
                    topics.Add(topic);
            }

            result[member.Key] = topics;
        }

        return result;
    }

    /// <summary>The union of all members' topics, in ordinal order (Kafka iterates a <c>TreeSet</c>).</summary>
    public static SortedSet<string> AllTopics(Dictionary<string, HashSet<string>> topicsByMember)
    {
        var all = new SortedSet<string>(StringComparer.Ordinal);
        foreach (HashSet<string> topics in topicsByMember.Values) all.UnionWith(topics);
        return all;
    }

    /// <summary>Wraps each member's partitions, sorted, into the result; every member gets an entry, possibly empty.</summary>
    public static IReadOnlyDictionary<string, MemberAssignment> ToResult(Dictionary<string, List<TopicPartition>> assignment)
    {
        var result = new Dictionary<string, MemberAssignment>(assignment.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, List<TopicPartition>> member in assignment)
        {
            member.Value.Sort(PartitionOrder);
            result[member.Key] = new MemberAssignment(member.Value.ToArray());
        }

        return result;
    }
}
