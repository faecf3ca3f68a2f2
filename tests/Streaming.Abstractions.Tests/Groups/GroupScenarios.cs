using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Streaming.Abstractions.Tests.Groups;

/// <summary>A group to assign: partition counts by topic and each member's subscription.</summary>
internal sealed record GroupScenario(Dictionary<string, int> PartitionCounts, Dictionary<string, GroupSubscription> Subscriptions)
{
    public override string ToString()
        => $"counts {{{string.Join(", ", PartitionCounts.Select(c => $"{c.Key}:{c.Value}"))}}} members {{{string.Join("; ", Subscriptions.Select(s => $"{s.Key}=[{string.Join(",", s.Value.Topics)}]"))}}}";
}

/// <summary>Builders, generators and checks shared by the assignor tests.</summary>
internal static class GroupScenarios
{
    public static GroupSubscription Subscribe(params string[] topics) => new(topics, default, []);

    public static GroupSubscription Owning(string[] topics, int generation, params TopicPartition[] owned)
        => new(topics, default, owned, Generation: generation);

    public static TopicPartition Tp(string topic, int partition) => new(topic, partition);

    /// <summary>"t0p0,t0p1" style, in the order the assignor returned.</summary>
    public static string Show(MemberAssignment assignment) => string.Join(",", assignment.Partitions.Select(p => $"{p.Topic}p{p.Partition}"));

    public static IEnumerable<TopicPartition> AllPartitions(GroupScenario scenario)
    {
        var subscribed = scenario.Subscriptions.Values.SelectMany(s => s.Topics).ToHashSet();
        return scenario.PartitionCounts
            .Where(c => subscribed.Contains(c.Key))
            .SelectMany(c => Enumerable.Range(0, Math.Max(0, c.Value)).Select(p => new TopicPartition(c.Key, p)));
    }

    private static readonly Gen<Dictionary<string, int>> PartitionCounts =
        from topicCount in Gen.Choose(1, 4)
        from counts in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 24))), topicCount)
        select counts.Select((count, i) => (Topic: "t" + i, Count: count)).ToDictionary(t => t.Topic, t => t.Count);

    // Random prefixes make the member-id order unrelated to the generation order; the index keeps ids unique.
    private static Gen<string[]> MemberIds(int min, int max) =>
        from count in Gen.Choose(min, max)
        from prefixes in Gen.ArrayOf(Gen.Choose(0, 0xFFFF), count)
        select prefixes.Select((prefix, i) => $"consumer-{prefix:x4}-{i}").ToArray();

    /// <summary>1..12 members all subscribing to the same topics (one of which may not exist).</summary>
    public static Gen<GroupScenario> EqualSubscriptions(int minMembers = 1, int maxMembers = 12) =>
        from counts in PartitionCounts
        from members in MemberIds(minMembers, maxMembers)
        from withMissingTopic in Gen.Elements(false, true)
        let topics = withMissingTopic ? [.. counts.Keys, "missing"] : counts.Keys.ToArray()
        select new GroupScenario(counts, members.ToDictionary(m => m, _ => Subscribe(topics)));

    /// <summary>1..12 members, each subscribing to a random non-empty subset of the topics.</summary>
    public static Gen<GroupScenario> MixedSubscriptions() =>
        from counts in PartitionCounts
        from members in MemberIds(1, 12)
        from picks in Gen.ArrayOf(Gen.ArrayOf(Gen.Elements(false, true), counts.Count), members.Length)
        select new GroupScenario(counts, members.Select((m, i) => (m, Topics: counts.Keys.Where((_, t) => picks[i][t]).DefaultIfEmpty(counts.Keys.First()).ToArray()))
            .ToDictionary(x => x.m, x => Subscribe(x.Topics)));

    /// <summary>Every partition of every subscribed topic is assigned to exactly one member, which subscribes to its topic.</summary>
    public static void AssertCompleteAndValid(GroupScenario scenario, IReadOnlyDictionary<string, MemberAssignment> result)
    {
        AssertValid(scenario, result);
        var assigned = result.Values.SelectMany(a => a.Partitions).ToHashSet();
        Assert.True(AllPartitions(scenario).ToHashSet().SetEquals(assigned), $"not every partition assigned: {scenario}");
    }

    /// <summary>Every member has an entry, no partition twice, each only to a subscriber of its topic, all exist.</summary>
    public static void AssertValid(GroupScenario scenario, IReadOnlyDictionary<string, MemberAssignment> result)
    {
        Assert.True(scenario.Subscriptions.Keys.ToHashSet().SetEquals(result.Keys), "one entry per member");
        var seen = new HashSet<TopicPartition>();
        foreach (KeyValuePair<string, MemberAssignment> member in result)
        {
            foreach (TopicPartition p in member.Value.Partitions)
            {
                Assert.True(seen.Add(p), $"{p} assigned twice");
                Assert.Contains(p.Topic, scenario.Subscriptions[member.Key].Topics);
                Assert.InRange(p.Partition, 0, scenario.PartitionCounts[p.Topic] - 1);
            }
        }
    }

    public static void AssertBalanced(IReadOnlyDictionary<string, MemberAssignment> result)
    {
        int[] counts = result.Values.Select(a => a.Partitions.Count).ToArray();
        Assert.True(counts.Max() - counts.Min() <= 1, $"unbalanced: {string.Join(",", counts)}");
    }

    /// <summary>The same group with each member now owning what <paramref name="assignment"/> gave it, in <paramref name="generation"/>.</summary>
    public static GroupScenario WithOwnership(GroupScenario scenario, IReadOnlyDictionary<string, MemberAssignment> assignment, int generation)
        => scenario with
        {
            Subscriptions = scenario.Subscriptions.ToDictionary(
                s => s.Key,
                s => s.Value with
                {
                    OwnedPartitions = assignment.TryGetValue(s.Key, out MemberAssignment? a) ? a.Partitions : [],
                    Generation = assignment.ContainsKey(s.Key) ? generation : -1,
                }),
        };

    public static IReadOnlyDictionary<string, MemberAssignment> Assign(IPartitionAssignor assignor, GroupScenario scenario)
        => assignor.Assign(scenario.PartitionCounts, scenario.Subscriptions);
}
