namespace Streaming;

/// <summary>
/// Kafka's <c>CooperativeStickyAssignor</c> ("cooperative-sticky", cooperative): a balanced assignment that keeps each
/// member's owned partitions where balance allows, and that never hands a partition from one member to another in a
/// single rebalance.
/// </summary>
/// <remarks>
/// <para>
/// Ownership: each member reports its <see cref="GroupSubscription.OwnedPartitions"/> and the
/// <see cref="GroupSubscription.Generation"/> in which it owned them. When several members claim a partition, the claim
/// with the highest generation wins and lower-generation claims are ignored (such a member missed a rebalance and has
/// already lost its partitions). Two claims in the same highest generation cancel out: neither member keeps the
/// partition, as Kafka does.
/// </para>
/// <para>
/// Balance: when every member subscribes to the same (existing) topics this is Kafka's constrained algorithm: member
/// partition counts differ by at most one, each member keeps up to its quota of owned partitions (the lowest ones in
/// topic/partition order), and the rest are dealt to members below quota. With different subscriptions, partitions go
/// only to members subscribing to their topic; owned partitions are kept, free ones go to the least-loaded subscriber,
/// then partitions move from a member to a subscriber with at least two fewer until no such move is left.
/// </para>
/// <para>
/// Cooperative step (Kafka's <c>CooperativeStickyAssignor.adjustAssignment</c>, done here so that the group
/// coordinator can stay generic): after computing the sticky target, every partition that would change owner (another
/// member holds the winning claim, or the claim was contested) is removed from the target. It stays unassigned this
/// round; its old owner, whose assignment no longer lists it, revokes it and rejoins, and the follow-up rebalance gives
/// it to its new owner because nobody claims it any more. Partitions of members that left the group are not claimed
/// by anyone and move at once.
/// </para>
/// </remarks>
public sealed partial class CooperativeStickyAssignor : IPartitionAssignor
{
    /// <summary>The protocol name, as in Kafka's <c>partition.assignment.strategy</c>.</summary>
    public const string AssignorName = "cooperative-sticky";

    /// <inheritdoc/>
    public string Name => AssignorName;

    /// <inheritdoc/>
    public RebalanceProtocol Protocol => RebalanceProtocol.Cooperative;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, MemberAssignment> Assign(
        IReadOnlyDictionary<string, int> partitionCounts, IReadOnlyDictionary<string, GroupSubscription> subscriptions)
    {
        AssignorSupport.Validate(partitionCounts, subscriptions);
        string[] members = AssignorSupport.SortedMembers(subscriptions);
        Dictionary<string, HashSet<string>> topicsByMember = AssignorSupport.ExistingTopicsByMember(partitionCounts, subscriptions);
        var allTopics = AssignorSupport.AllTopics(topicsByMember);

        var allPartitions = new List<TopicPartition>();
        foreach (string topic in allTopics)
        {
            int count = AssignorSupport.PartitionCount(partitionCounts, topic);
            for (int p = 0; p < count; p++) allPartitions.Add(new TopicPartition(topic, p));
        }

        Dictionary<TopicPartition, Claim> claims = CollectClaims(members, subscriptions, partitionCounts, allTopics);

        // What each member may keep: partitions whose winning, uncontested claim is its own, of topics it subscribes to.
        var kept = members.ToDictionary(m => m, _ => new List<TopicPartition>(), StringComparer.Ordinal);
        foreach (KeyValuePair<TopicPartition, Claim> claim in claims)
        {
            if (!claim.Value.Contested && topicsByMember[claim.Value.Member].Contains(claim.Key.Topic))
                kept[claim.Value.Member].Add(claim.Key);
        }

        foreach (List<TopicPartition> owned in kept.Values) owned.Sort(AssignorSupport.PartitionOrder);

        Dictionary<string, List<TopicPartition>> target = members.Length == 0
            ? new Dictionary<string, List<TopicPartition>>(StringComparer.Ordinal)
            : SubscriptionsEqual(members, topicsByMember)
                ? AssignEqualSubscriptions(members, allPartitions, kept)
                : AssignUnequalSubscriptions(members, topicsByMember, allPartitions, kept);

        // The cooperative step: nothing changes owner within one rebalance.
        foreach (KeyValuePair<string, List<TopicPartition>> member in target)
        {
            string memberId = member.Key;
            member.Value.RemoveAll(p => claims.TryGetValue(p, out Claim claim) && (claim.Contested || claim.Member != memberId));
        }

        return AssignorSupport.ToResult(target);
    }

    private readonly record struct Claim(string Member, int Generation, bool Contested);

    private static Dictionary<TopicPartition, Claim> CollectClaims(
        string[] members, IReadOnlyDictionary<string, GroupSubscription> subscriptions,
        IReadOnlyDictionary<string, int> partitionCounts, SortedSet<string> allTopics)
    {
        var claims = new Dictionary<TopicPartition, Claim>();
        foreach (string member in members)
        {
            GroupSubscription subscription = subscriptions[member];
            if (subscription.OwnedPartitions is null) continue;
            foreach (TopicPartition partition in subscription.OwnedPartitions.Distinct())
            {
                // Claims on partitions nobody subscribes to, or that do not exist, play no part.
                if (partition.Topic is null || !allTopics.Contains(partition.Topic)) continue;
                if (partition.Partition < 0 || partition.Partition >= AssignorSupport.PartitionCount(partitionCounts, partition.Topic)) continue;

                if (!claims.TryGetValue(partition, out Claim existing) || subscription.Generation > existing.Generation)
                    claims[partition] = new Claim(member, subscription.Generation, Contested: false);
                else if (subscription.Generation == existing.Generation)
                    claims[partition] = existing with { Contested = true };
            }
        }

        return claims;
    }

    private static bool SubscriptionsEqual(string[] members, Dictionary<string, HashSet<string>> topicsByMember)
    {
        HashSet<string> first = topicsByMember[members[0]];
        for (int i = 1; i < members.Length; i++)
        {
            if (!first.SetEquals(topicsByMember[members[i]])) return false;
        }

        return true;
    }

    /// <summary>
    /// Kafka's constrained assignment (<c>AbstractStickyAssignor.constrainedAssign</c>) for equal subscriptions: quotas
    /// of ⌊P/N⌋ and ⌈P/N⌉, owned partitions kept up to quota, free partitions dealt round-robin to members below the
    /// minimum quota, then one each to members at the minimum until <c>P % N</c> members hold the maximum.
    /// </summary>
    private static Dictionary<string, List<TopicPartition>> AssignEqualSubscriptions(
        string[] members, List<TopicPartition> allPartitions, Dictionary<string, List<TopicPartition>> kept)
    {
        int minQuota = allPartitions.Count / members.Length;
        int expectedWithMax = allPartitions.Count % members.Length;
        int maxQuota = expectedWithMax == 0 ? minQuota : minQuota + 1;
        int currentWithMax = 0;

        var assignment = members.ToDictionary(m => m, _ => new List<TopicPartition>(), StringComparer.Ordinal);
        var assigned = new HashSet<TopicPartition>();
        var underMin = new List<string>();
        var atMin = new Queue<string>();

        foreach (string member in members)
        {
            List<TopicPartition> owned = kept[member];
            int keep;
            if (owned.Count < minQuota)
            {
                keep = owned.Count;
                underMin.Add(member);
            }
            else if (owned.Count >= maxQuota && currentWithMax < expectedWithMax)
            {
                keep = maxQuota;
                currentWithMax++;
            }
            else
            {
                // Only a member owning exactly the minimum can still take one more here (one owning the maximum
                // would have taken the branch above while room was left).
                keep = minQuota;
                if (currentWithMax < expectedWithMax) atMin.Enqueue(member);
            }

            for (int i = 0; i < keep; i++)
            {
                assignment[member].Add(owned[i]);
                assigned.Add(owned[i]);
            }
        }

        int cursor = 0;
        foreach (TopicPartition partition in allPartitions)
        {
            if (assigned.Contains(partition)) continue;

            string member;
            bool fromUnderMin = underMin.Count > 0;
            if (fromUnderMin)
            {
                if (cursor >= underMin.Count) cursor = 0;
                member = underMin[cursor];
            }
            else if (atMin.Count > 0 && currentWithMax < expectedWithMax)
            {
                member = atMin.Dequeue();
                currentWithMax++;
            }
            else
            {
                throw new InvalidOperationException($"cooperative-sticky: no member left for {partition}; the quotas do not add up (assignor bug)");
            }

            assignment[member].Add(partition);
            if (fromUnderMin)
            {
                if (assignment[member].Count == minQuota)
                {
                    underMin.RemoveAt(cursor);
                    if (currentWithMax < expectedWithMax) atMin.Enqueue(member);
                }
                else
                {
                    cursor++;
                }
            }
        }

        return assignment;
    }
}
