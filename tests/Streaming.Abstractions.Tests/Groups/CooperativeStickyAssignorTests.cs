using Xunit;
using static Streaming.Abstractions.Tests.Groups.GroupScenarios;

namespace Streaming.Abstractions.Tests.Groups;

/// <summary>Kafka's cooperative-sticky assignor on small, hand-checked groups.</summary>
public sealed class CooperativeStickyAssignorTests
{
    private static readonly CooperativeStickyAssignor Assignor = new();
    private static readonly Dictionary<string, int> FourPartitions = new() { ["t"] = 4 };
    private static readonly string[] T = ["t"];

    [Fact]
    public void Assign_NoOwnership_BalancedAndComplete()
    {
        var result = Assignor.Assign(new Dictionary<string, int> { ["t"] = 5 },
            new Dictionary<string, GroupSubscription> { ["a"] = Subscribe("t"), ["b"] = Subscribe("t") });

        Assert.Equal("tp0,tp2,tp4", Show(result["a"]));
        Assert.Equal("tp1,tp3", Show(result["b"]));
    }

    [Fact]
    public void Assign_MemberJoins_MovedPartitionsAreRevokedFirstAndAssignedInTheNextRound()
    {
        // Round 1: a owns everything; b joins. Target a=[p0,p1], b=[p2,p3], but p2 and p3 change owner, so they are
        // taken from a and held back.
        var round1 = Assignor.Assign(FourPartitions, new Dictionary<string, GroupSubscription>
        {
            ["a"] = Owning(T, 1, Tp("t", 0), Tp("t", 1), Tp("t", 2), Tp("t", 3)),
            ["b"] = Subscribe("t"),
        });
        Assert.Equal("tp0,tp1", Show(round1["a"]));
        Assert.Empty(round1["b"].Partitions);

        // Round 2: a has revoked p2 and p3; nobody claims them, so b gets them.
        var round2 = Assignor.Assign(FourPartitions, new Dictionary<string, GroupSubscription>
        {
            ["a"] = Owning(T, 2, round1["a"].Partitions.ToArray()),
            ["b"] = Owning(T, 2),
        });
        Assert.Equal("tp0,tp1", Show(round2["a"]));
        Assert.Equal("tp2,tp3", Show(round2["b"]));
    }

    [Fact]
    public void Assign_MemberLeaves_ItsPartitionsMoveAtOnceAndNoOthersMove()
    {
        var result = Assignor.Assign(new Dictionary<string, int> { ["t"] = 6 }, new Dictionary<string, GroupSubscription>
        {
            ["a"] = Owning(T, 3, Tp("t", 0), Tp("t", 3)),
            ["c"] = Owning(T, 3, Tp("t", 2), Tp("t", 5)),
            // b, which owned p1 and p4, has left.
        });

        Assert.Equal("tp0,tp1,tp3", Show(result["a"]));
        Assert.Equal("tp2,tp4,tp5", Show(result["c"]));
    }

    [Fact]
    public void Assign_TwoClaimsDifferentGenerations_HigherGenerationKeepsThePartition()
    {
        var result = Assignor.Assign(new Dictionary<string, int> { ["t"] = 2 }, new Dictionary<string, GroupSubscription>
        {
            ["a"] = Owning(T, 3, Tp("t", 0)),
            ["b"] = Owning(T, 5, Tp("t", 0)),
        });

        Assert.Equal("tp1", Show(result["a"]));
        Assert.Equal("tp0", Show(result["b"]));
    }

    [Fact]
    public void Assign_TwoClaimsSameGeneration_NeitherGetsThePartitionThisRound()
    {
        // Kafka invalidates a partition claimed twice in the same generation and counts it as changing owner.
        var result = Assignor.Assign(new Dictionary<string, int> { ["t"] = 2 }, new Dictionary<string, GroupSubscription>
        {
            ["a"] = Owning(T, 5, Tp("t", 0)),
            ["b"] = Owning(T, 5, Tp("t", 0)),
        });

        Assert.DoesNotContain(Tp("t", 0), result.Values.SelectMany(a => a.Partitions));
        Assert.Equal(1, result.Values.Sum(a => a.Partitions.Count));
    }

    [Fact]
    public void Assign_OwnerOverQuota_KeepsItsLowestPartitionsUpToQuota()
    {
        var result = Assignor.Assign(new Dictionary<string, int> { ["t"] = 6 }, new Dictionary<string, GroupSubscription>
        {
            ["a"] = Owning(T, 1, Tp("t", 5), Tp("t", 4), Tp("t", 3), Tp("t", 2)),
            ["b"] = Owning(T, 1, Tp("t", 0), Tp("t", 1)),
            ["c"] = Subscribe("t"),
        });

        Assert.Equal("tp2,tp3", Show(result["a"]));
        Assert.Equal("tp0,tp1", Show(result["b"]));
        Assert.Empty(result["c"].Partitions);
    }

    [Fact]
    public void Assign_OwnedPartitionOfUnsubscribedTopic_IsHeldBackFromItsNewOwner()
    {
        // a still reports u-0 though it now subscribes only to t; b must not get u-0 before a has revoked it.
        var result = Assignor.Assign(new Dictionary<string, int> { ["t"] = 1, ["u"] = 1 }, new Dictionary<string, GroupSubscription>
        {
            ["a"] = Owning(T, 2, Tp("t", 0), Tp("u", 0)),
            ["b"] = Owning(["u"], 2),
        });

        Assert.Equal("tp0", Show(result["a"]));
        Assert.Empty(result["b"].Partitions);
    }

    [Fact]
    public void Assign_DifferentSubscriptions_PartitionsOnlyToSubscribers()
    {
        var result = Assignor.Assign(new Dictionary<string, int> { ["t0"] = 2, ["t1"] = 4 }, new Dictionary<string, GroupSubscription>
        {
            ["a"] = Subscribe("t0"),
            ["b"] = Subscribe("t0", "t1"),
            ["c"] = Subscribe("t1"),
        });

        Assert.Equal(["t0"], result["a"].Partitions.Select(p => p.Topic).Distinct());
        Assert.Equal(["t1"], result["c"].Partitions.Select(p => p.Topic).Distinct());
        Assert.Equal(6, result.Values.Sum(a => a.Partitions.Count));
        Assert.Equal([2, 2, 2], result.Values.Select(a => a.Partitions.Count));
    }

    [Fact]
    public void NameAndProtocol_AreKafkas()
    {
        Assert.Equal("cooperative-sticky", Assignor.Name);
        Assert.Equal(RebalanceProtocol.Cooperative, Assignor.Protocol);
    }
}
