using Xunit;
using static Streaming.Abstractions.Tests.Groups.GroupScenarios;

namespace Streaming.Abstractions.Tests.Groups;

/// <summary>Kafka's range assignor on worked examples (the first is RangeAssignor's javadoc example).</summary>
public sealed class RangeAssignorTests
{
    private static readonly RangeAssignor Assignor = new();

    [Fact]
    public void Assign_KafkaJavadocExample_GivesContiguousRangesPerTopic()
    {
        var result = Assignor.Assign(
            new Dictionary<string, int> { ["t0"] = 3, ["t1"] = 3 },
            new Dictionary<string, GroupSubscription> { ["C1"] = Subscribe("t0", "t1"), ["C0"] = Subscribe("t0", "t1") });

        Assert.Equal("t0p0,t0p1,t1p0,t1p1", Show(result["C0"]));
        Assert.Equal("t0p2,t1p2", Show(result["C1"]));
    }

    [Fact]
    public void Assign_SevenPartitionsThreeMembers_FirstRemainderMembersGetOneExtra()
    {
        var result = Assignor.Assign(
            new Dictionary<string, int> { ["t"] = 7 },
            new Dictionary<string, GroupSubscription> { ["c"] = Subscribe("t"), ["a"] = Subscribe("t"), ["b"] = Subscribe("t") });

        Assert.Equal("tp0,tp1,tp2", Show(result["a"]));
        Assert.Equal("tp3,tp4", Show(result["b"]));
        Assert.Equal("tp5,tp6", Show(result["c"]));
    }

    [Fact]
    public void Assign_MoreMembersThanPartitions_LastMembersGetNothing()
    {
        var result = Assignor.Assign(
            new Dictionary<string, int> { ["t"] = 2 },
            new Dictionary<string, GroupSubscription> { ["m1"] = Subscribe("t"), ["m2"] = Subscribe("t"), ["m3"] = Subscribe("t") });

        Assert.Equal("tp0", Show(result["m1"]));
        Assert.Equal("tp1", Show(result["m2"]));
        Assert.Empty(result["m3"].Partitions);
    }

    [Fact]
    public void Assign_DifferentSubscriptions_RangesOnlyAmongSubscribers()
    {
        var result = Assignor.Assign(
            new Dictionary<string, int> { ["t0"] = 2, ["t1"] = 4 },
            new Dictionary<string, GroupSubscription> { ["a"] = Subscribe("t0"), ["b"] = Subscribe("t0", "t1"), ["c"] = Subscribe("t1") });

        Assert.Equal("t0p0", Show(result["a"]));
        Assert.Equal("t0p1,t1p0,t1p1", Show(result["b"]));
        Assert.Equal("t1p2,t1p3", Show(result["c"]));
    }

    [Fact]
    public void Assign_StaticMembers_SortByInstanceIdBeforeDynamicMembers()
    {
        // Kafka's MemberInfo order: members with group.instance.id first, by instance id, then the rest by member id.
        var result = Assignor.Assign(
            new Dictionary<string, int> { ["t"] = 3 },
            new Dictionary<string, GroupSubscription>
            {
                ["a-dynamic"] = Subscribe("t"),
                ["z-static"] = Subscribe("t") with { GroupInstanceId = "instance-2" },
                ["y-static"] = Subscribe("t") with { GroupInstanceId = "instance-1" },
            });

        Assert.Equal("tp0", Show(result["y-static"]));
        Assert.Equal("tp1", Show(result["z-static"]));
        Assert.Equal("tp2", Show(result["a-dynamic"]));
    }

    [Fact]
    public void Assign_TopicWithoutMetadata_IsSkipped()
    {
        var result = Assignor.Assign(
            new Dictionary<string, int> { ["t"] = 1 },
            new Dictionary<string, GroupSubscription> { ["a"] = Subscribe("t", "not-created") });

        Assert.Equal("tp0", Show(result["a"]));
    }

    [Fact]
    public void Assign_NoMembers_ReturnsEmpty()
        => Assert.Empty(Assignor.Assign(new Dictionary<string, int> { ["t"] = 3 }, new Dictionary<string, GroupSubscription>()));

    [Fact]
    public void NameAndProtocol_AreKafkas()
    {
        Assert.Equal("range", Assignor.Name);
        Assert.Equal(RebalanceProtocol.Eager, Assignor.Protocol);
    }
}
