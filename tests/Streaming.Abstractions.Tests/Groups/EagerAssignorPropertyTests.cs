using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Streaming.Abstractions.Tests.Groups.GroupScenarios;

namespace Streaming.Abstractions.Tests.Groups;

/// <summary>Invariants of the eager assignors over random groups of 1..12 members.</summary>
public sealed class EagerAssignorPropertyTests
{
    [Property(MaxTest = 300)]
    public Property RangeAssign_AnySubscriptions_AssignsEveryPartitionExactlyOnceToASubscriber()
        => Prop.ForAll(Gen.OneOf(EqualSubscriptions(), MixedSubscriptions()).ToArbitrary(),
            scenario => AssertCompleteAndValid(scenario, Assign(PartitionAssignors.Range, scenario)));

    [Property(MaxTest = 300)]
    public Property RoundRobinAssign_AnySubscriptions_AssignsEveryPartitionExactlyOnceToASubscriber()
        => Prop.ForAll(Gen.OneOf(EqualSubscriptions(), MixedSubscriptions()).ToArbitrary(),
            scenario => AssertCompleteAndValid(scenario, Assign(PartitionAssignors.RoundRobin, scenario)));

    [Property(MaxTest = 300)]
    public Property RoundRobinAssign_EqualSubscriptions_CountsDifferByAtMostOne()
        => Prop.ForAll(EqualSubscriptions().ToArbitrary(), scenario => AssertBalanced(Assign(PartitionAssignors.RoundRobin, scenario)));

    [Property(MaxTest = 300)]
    public Property RangeAssign_EqualSubscriptions_EachTopicSplitIntoContiguousRangesDifferingByAtMostOne()
        => Prop.ForAll(EqualSubscriptions().ToArbitrary(), scenario =>
        {
            var result = Assign(PartitionAssignors.Range, scenario);
            string[] members = [.. scenario.Subscriptions.Keys.Order(StringComparer.Ordinal)];
            foreach ((string topic, int count) in scenario.PartitionCounts)
            {
                // Concatenating the members' ranges in member order gives 0..count-1, and sizes never grow along it.
                var ranges = members.Select(m => result[m].Partitions.Where(p => p.Topic == topic).Select(p => p.Partition).ToArray()).ToArray();
                Assert.Equal(Enumerable.Range(0, count), ranges.SelectMany(r => r));
                Assert.True(ranges.Max(r => r.Length) - ranges.Min(r => r.Length) <= 1, $"{topic}: {string.Join("|", ranges.Select(r => r.Length))}");
                for (int i = 1; i < ranges.Length; i++) Assert.True(ranges[i].Length <= ranges[i - 1].Length);
            }
        });

    [Property(MaxTest = 100)]
    public Property Assign_SameGroupInAnyInsertionOrder_GivesTheSameAssignment()
        => Prop.ForAll(Gen.OneOf(EqualSubscriptions(), MixedSubscriptions()).ToArbitrary(), scenario =>
        {
            var reversed = scenario with { Subscriptions = scenario.Subscriptions.Reverse().ToDictionary(s => s.Key, s => s.Value) };
            foreach (IPartitionAssignor assignor in new IPartitionAssignor[] { PartitionAssignors.Range, PartitionAssignors.RoundRobin, PartitionAssignors.CooperativeSticky })
            {
                var first = Assign(assignor, scenario);
                var second = Assign(assignor, reversed);
                foreach (string member in scenario.Subscriptions.Keys)
                    Assert.Equal(first[member].Partitions, second[member].Partitions);
            }
        });
}
