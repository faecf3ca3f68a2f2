namespace Streaming;

public sealed partial class CooperativeStickyAssignor
{
    /// <summary>
    /// Members with different subscriptions: keep owned partitions, give each free partition (those with the fewest
    /// possible owners first) to its least-loaded subscriber, then move partitions from a member to a subscriber of
    /// their topic holding at least two fewer, in passes, until a pass moves nothing. Each move strictly lowers the sum
    /// of squared member loads, so the loop ends. Newly given partitions move before owned ones.
    /// </summary>
    private static Dictionary<string, List<TopicPartition>> AssignUnequalSubscriptions(
        string[] members, Dictionary<string, HashSet<string>> topicsByMember,
        List<TopicPartition> allPartitions, Dictionary<string, List<TopicPartition>> kept)
    {
        var subscribers = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (TopicPartition partition in allPartitions)
        {
            if (!subscribers.ContainsKey(partition.Topic))
                subscribers[partition.Topic] = members.Where(m => topicsByMember[m].Contains(partition.Topic)).ToArray();
        }

        var assignment = members.ToDictionary(m => m, m => new List<TopicPartition>(kept[m]), StringComparer.Ordinal);
        var assigned = new HashSet<TopicPartition>(kept.Values.SelectMany(p => p));

        // OrderBy is stable, so partitions with equally many candidates stay in topic/partition order.
        foreach (TopicPartition partition in allPartitions.Where(p => !assigned.Contains(p)).OrderBy(p => subscribers[p.Topic].Length).ToList())
        {
            assignment[LeastLoaded(subscribers[partition.Topic], assignment)].Add(partition);
        }

        var memberOrder = new Dictionary<string, int>(members.Length, StringComparer.Ordinal);
        for (int i = 0; i < members.Length; i++) memberOrder[members[i]] = i;

        while (MovePass(members, memberOrder, subscribers, assignment, kept)) { }
        return assignment;
    }

    /// <summary>
    /// One pass over the members, most loaded first: each of a member's partitions (newly given ones first) moves to
    /// the least-loaded subscriber of its topic if that one holds at least two fewer. Returns whether anything moved.
    /// </summary>
    private static bool MovePass(
        string[] members, Dictionary<string, int> memberOrder, Dictionary<string, string[]> subscribers,
        Dictionary<string, List<TopicPartition>> assignment, Dictionary<string, List<TopicPartition>> kept)
    {
        bool moved = false;
        var partitionOrder = Comparer<TopicPartition>.Create(AssignorSupport.PartitionOrder);
        string[] donors = [.. members.OrderByDescending(m => assignment[m].Count).ThenBy(m => memberOrder[m])];
        foreach (string donor in donors)
        {
            List<TopicPartition> held = assignment[donor];
            if (held.Count < 2) continue;
            var ownedBefore = new HashSet<TopicPartition>(kept[donor]);
            TopicPartition[] candidates = [.. held.OrderBy(p => ownedBefore.Contains(p) ? 1 : 0).ThenBy(p => p, partitionOrder)];
            var leaving = new HashSet<TopicPartition>();
            int remaining = held.Count;
            foreach (TopicPartition partition in candidates)
            {
                string recipient = LeastLoaded(subscribers[partition.Topic], assignment);
                if (assignment[recipient].Count + 1 < remaining)
                {
                    assignment[recipient].Add(partition);
                    leaving.Add(partition);
                    remaining--;
                }
            }

            if (leaving.Count > 0)
            {
                held.RemoveAll(leaving.Contains);
                moved = true;
            }
        }

        return moved;
    }

    private static string LeastLoaded(string[] candidates, Dictionary<string, List<TopicPartition>> assignment)
    {
        string best = candidates[0];
        for (int i = 1; i < candidates.Length; i++)
        {
            if (assignment[candidates[i]].Count < assignment[best].Count) best = candidates[i];
        }

        return best;
    }
}
