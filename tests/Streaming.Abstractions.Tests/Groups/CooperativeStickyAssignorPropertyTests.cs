using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Streaming.Abstractions.Tests.Groups.GroupScenarios;

namespace Streaming.Abstractions.Tests.Groups;

/// <summary>Balance, stickiness and the cooperative two-round hand-over, over random groups.</summary>
public sealed class CooperativeStickyAssignorPropertyTests
{
    private static readonly CooperativeStickyAssignor Assignor = PartitionAssignors.CooperativeSticky;

    private static HashSet<TopicPartition> Of(IReadOnlyDictionary<string, MemberAssignment> result, string member)
        => result.TryGetValue(member, out MemberAssignment? a) ? [.. a.Partitions] : [];

    [Property(MaxTest = 300)]
    public Property Assign_NoOwnershipEqualSubscriptions_CompleteAndBalanced()
        => Prop.ForAll(EqualSubscriptions().ToArbitrary(), scenario =>
        {
            var result = Assign(Assignor, scenario);
            AssertCompleteAndValid(scenario, result);
            AssertBalanced(result);
        });

    [Property(MaxTest = 300)]
    public Property Assign_NoOwnershipMixedSubscriptions_CompleteAndNoPartitionCouldMoveToAMemberWithTwoFewer()
        => Prop.ForAll(MixedSubscriptions().ToArbitrary(), scenario =>
        {
            var result = Assign(Assignor, scenario);
            AssertCompleteAndValid(scenario, result);
            foreach (var donor in result)
            {
                foreach (TopicPartition p in donor.Value.Partitions)
                {
                    var better = scenario.Subscriptions
                        .Where(s => s.Value.Topics.Contains(p.Topic) && result[s.Key].Partitions.Count + 1 < donor.Value.Partitions.Count)
                        .Select(s => s.Key);
                    Assert.True(!better.Any(), $"{p} could move from {donor.Key} to {string.Join(",", better)}: {scenario}");
                }
            }
        });

    [Property(MaxTest = 300)]
    public Property Assign_StableGroupAfterAMemberJoins_FirstRoundMovesNothingSecondRoundCompletesAndBalances()
        => Prop.ForAll(EqualSubscriptions(1, 11).ToArbitrary(), Gen.Choose(0, 0xFFFF).ToArbitrary(), (scenario, joinerPrefix) =>
        {
            var stable = Assign(Assignor, scenario);
            string joiner = $"consumer-{joinerPrefix:x4}-joiner";
            var joined = WithOwnership(scenario, stable, generation: 7);
            joined.Subscriptions[joiner] = Subscribe([.. scenario.Subscriptions.Values.First().Topics]);

            // Round 1: no partition goes to anyone but its owner; owners lose only partitions that then move.
            var round1 = Assign(Assignor, joined);
            AssertValid(joined, round1);
            foreach (string member in scenario.Subscriptions.Keys)
                Assert.Subset(Of(stable, member), Of(round1, member));
            Assert.Empty(round1[joiner].Partitions);

            // Round 2: everyone reports what round 1 left them; the released partitions are placed.
            var round2 = Assign(Assignor, WithOwnership(joined, round1, generation: 8));
            AssertCompleteAndValid(joined, round2);
            AssertBalanced(round2);
            foreach (string member in joined.Subscriptions.Keys)
                Assert.Subset(Of(round2, member), Of(round1, member));

            foreach (string member in scenario.Subscriptions.Keys)
            {
                var lost = Of(stable, member);
                lost.ExceptWith(Of(round1, member));
                Assert.True(lost.IsSubsetOf(Of(round2, joiner)), $"{member} lost partitions that did not move to the joiner");
            }

            // Stickiness: the joiner's final share is exactly what was taken from the others.
            int taken = scenario.Subscriptions.Keys.Sum(m => Of(stable, m).Count - Of(round1, m).Count);
            Assert.Equal(taken, round2[joiner].Partitions.Count);
        });

    [Property(MaxTest = 300)]
    public Property Assign_StableGroupAfterAMemberLeaves_OnlyItsPartitionsMoveAndAllInOneRound()
        => Prop.ForAll(EqualSubscriptions(2, 12).ToArbitrary(), Gen.Choose(0, 11).ToArbitrary(), (scenario, leaverIndex) =>
        {
            var stable = Assign(Assignor, scenario);
            string leaver = scenario.Subscriptions.Keys.ElementAt(leaverIndex % scenario.Subscriptions.Count);
            var remaining = WithOwnership(scenario, stable, generation: 4);
            remaining.Subscriptions.Remove(leaver);

            var result = Assign(Assignor, remaining);

            AssertCompleteAndValid(remaining, result);
            AssertBalanced(result);
            foreach (string member in remaining.Subscriptions.Keys)
                Assert.Subset(Of(result, member), Of(stable, member));
        });

    [Property(MaxTest = 200)]
    public Property Assign_MixedSubscriptionsWithChurn_NeverHandsOverInOneRoundAndSettles()
        => Prop.ForAll(MixedSubscriptions().ToArbitrary(), MixedSubscriptions().ToArbitrary(), (before, after) =>
        {
            // The group changes from one random shape to another over the same topic names; ownership carries over for
            // members present in both (same id only when the generated ids collide, so add some shared members).
            var start = Assign(Assignor, before);
            var scenario = after with { PartitionCounts = before.PartitionCounts };
            foreach (var member in before.Subscriptions.Take(2)) scenario.Subscriptions[member.Key] = member.Value;
            var current = WithOwnership(scenario, start, generation: 1);

            for (int round = 2; round < 12; round++)
            {
                var result = Assign(Assignor, current);
                AssertValid(current, result);
                foreach (var member in result)
                {
                    foreach (TopicPartition p in member.Value.Partitions)
                    {
                        // A partition may go to member X only if no other member still claims it.
                        Assert.DoesNotContain(current.Subscriptions.Where(s => s.Key != member.Key), s => s.Value.OwnedPartitions.Contains(p));
                    }
                }

                var assigned = result.Values.SelectMany(a => a.Partitions).ToHashSet();
                bool complete = AllPartitions(current).ToHashSet().SetEquals(assigned);
                bool unchanged = current.Subscriptions.All(s => Of(result, s.Key).SetEquals(s.Value.OwnedPartitions));
                if (complete && unchanged) return;
                current = WithOwnership(current, result, generation: round);
            }

            Assert.Fail($"no stable, complete assignment after 10 rounds: {scenario}");
        });
}
