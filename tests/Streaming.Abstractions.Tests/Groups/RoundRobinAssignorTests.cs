using Xunit;
using static Streaming.Abstractions.Tests.Groups.GroupScenarios;

namespace Streaming.Abstractions.Tests.Groups;

/// <summary>Kafka's round-robin assignor on the two examples of RoundRobinAssignor's javadoc, and edge cases.</summary>
public sealed class RoundRobinAssignorTests
{
    private static readonly RoundRobinAssignor Assignor = new();

    [Fact]
    public void Assign_KafkaJavadocExampleEqualSubscriptions_DealsPartitionsInTurn()
    {
        var result = Assignor.Assign(
            new Dictionary<string, int> { ["t1"] = 3, ["t0"] = 3 },
            new Dictionary<string, GroupSubscription> { ["C1"] = Subscribe("t0", "t1"), ["C0"] = Subscribe("t1", "t0") });

        Assert.Equal("t0p0,t0p2,t1p1", Show(result["C0"]));
        Assert.Equal("t0p1,t1p0,t1p2", Show(result["C1"]));
    }

    [Fact]
    public void Assign_KafkaJavadocExampleDifferentSubscriptions_SkipsNonSubscribers()
    {
        // C0 subscribes to t0; C1 to t0, t1; C2 to t0, t1, t2; t0, t1, t2 have 1, 2 and 3 partitions.
        var result = Assignor.Assign(
            new Dictionary<string, int> { ["t0"] = 1, ["t1"] = 2, ["t2"] = 3 },
            new Dictionary<string, GroupSubscription>
            {
                ["C0"] = Subscribe("t0"),
                ["C1"] = Subscribe("t0", "t1"),
                ["C2"] = Subscribe("t0", "t1", "t2"),
            });

        Assert.Equal("t0p0", Show(result["C0"]));
        Assert.Equal("t1p0", Show(result["C1"]));
        Assert.Equal("t1p1,t2p0,t2p1,t2p2", Show(result["C2"]));
    }

    [Fact]
    public void Assign_MoreMembersThanPartitions_ExtraMembersGetNothing()
    {
        var result = Assignor.Assign(
            new Dictionary<string, int> { ["t"] = 2 },
            new Dictionary<string, GroupSubscription> { ["m3"] = Subscribe("t"), ["m1"] = Subscribe("t"), ["m2"] = Subscribe("t") });

        Assert.Equal("tp0", Show(result["m1"]));
        Assert.Equal("tp1", Show(result["m2"]));
        Assert.Empty(result["m3"].Partitions);
    }

    [Fact]
    public void Assign_CursorCarriesAcrossTopics_NextTopicStartsWhereThePreviousStopped()
    {
        var result = Assignor.Assign(
            new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 },
            new Dictionary<string, GroupSubscription> { ["m0"] = Subscribe("a", "b"), ["m1"] = Subscribe("a", "b"), ["m2"] = Subscribe("a", "b") });

        Assert.Equal("ap0", Show(result["m0"]));
        Assert.Equal("bp0", Show(result["m1"]));
        Assert.Equal("bp1", Show(result["m2"]));
    }

    [Fact]
    public void NameAndProtocol_AreKafkas()
    {
        Assert.Equal("roundrobin", Assignor.Name);
        Assert.Equal(RebalanceProtocol.Eager, Assignor.Protocol);
    }
}
