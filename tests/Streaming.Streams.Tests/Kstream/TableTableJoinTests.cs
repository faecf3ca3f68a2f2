using Streaming.Streams.Kstream;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.Kstream;

public sealed class TableTableJoinTests
{
    private static List<(string Key, string? Value, long Timestamp)> Read(TopologyTestDriver driver, string topic)
        => [.. driver.CreateOutputTopic<string, string?>(topic).ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp))];

    private static string Join(string? left, string? right) => $"{left}+{right}";

    private static TopologyTestDriver Build(string kind, bool materialized)
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        KTable<string, string?> left = builder.Table<string, string?>("left");
        KTable<string, string?> right = builder.Table<string, string?>("right");
        Materialized<string, string>? m = materialized ? Materialized<string, string>.As("joined").WithCachingDisabled() : null;
        KTable<string, string> joined = kind switch
        {
            "inner" => left.Join(right, Join, materialized: m),
            "left" => left.LeftJoin(right, Join, materialized: m),
            _ => left.OuterJoin(right, Join, materialized: m),
        };
        joined.ToStream().To("out");
        return new TopologyTestDriver(builder.Build());
    }

    private static void Pipe(TopologyTestDriver driver)
    {
        TestInputTopic<string, string?> left = driver.CreateInputTopic<string, string?>("left");
        TestInputTopic<string, string?> right = driver.CreateInputTopic<string, string?>("right");
        left.PipeInput("a", "A1", 10);
        right.PipeInput("a", "B1", 5);
        left.PipeInput("a", "A2", 3);
        right.PipeInput("b", "Bb", 7);
        right.PipeInput("a", null, 20);
        left.PipeInput("a", null, 25);
        left.PipeInput("c", "C1", 30);
        right.PipeInput("c", "Cc", 2);
        left.PipeInput("d", null, 40);   // deleting a key neither side has
    }

    public static TheoryData<string, bool> Kinds => new() { { "inner", false }, { "inner", true }, { "left", false }, { "left", true }, { "outer", false }, { "outer", true } };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Join_BothSidesUpdatingWithTombstonesAndOutOfOrderTimestamps_EmitsKafkasResults(string kind, bool materialized)
    {
        using TopologyTestDriver driver = Build(kind, materialized);

        Pipe(driver);

        List<(string, string?, long)> expected = kind switch
        {
            "inner" => [("a", "A1+B1", 10), ("a", "A2+B1", 5), ("a", null, 20), ("c", "C1+Cc", 30)],
            "left" => [("a", "A1+", 10), ("a", "A1+B1", 10), ("a", "A2+B1", 5), ("a", "A2+", 20), ("a", null, 25), ("c", "C1+", 30), ("c", "C1+Cc", 30)],
            _ => [("a", "A1+", 10), ("a", "A1+B1", 10), ("a", "A2+B1", 5), ("b", "+Bb", 7), ("a", "A2+", 20), ("a", null, 25), ("c", "C1+", 30), ("c", "C1+Cc", 30)],
        };
        Assert.Equal(expected, Read(driver, "out"));
        if (materialized)
        {
            Assert.False(driver.GetKeyValueStore<string, string>("joined").TryGet("a", out _));
            Assert.True(driver.GetKeyValueStore<string, string>("joined").TryGet("c", out string? c));
            Assert.Equal("C1+Cc", c);
        }
    }

    [Fact]
    public void Join_ResultGrouped_SubtractsOldJoinResultsComputedFromOldValues()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        KTable<string, string> left = builder.Table<string, string>("left");
        KTable<string, string> right = builder.Table<string, string>("right");
        left.Join(right, Join)
            .GroupBy((k, v) => (v.Split('+')[1], k))
            .Count(materialized: Materialized<string, long>.As("per-right").WithCachingDisabled())
            .ToStream()
            .To("counts");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string?> l = driver.CreateInputTopic<string, string?>("left");
        TestInputTopic<string, string?> r = driver.CreateInputTopic<string, string?>("right");

        l.PipeInput("a", "1", 1);
        r.PipeInput("a", "x", 2);   // a joins: x 1
        l.PipeInput("b", "1", 3);
        r.PipeInput("b", "x", 4);   // b joins: x 2
        r.PipeInput("a", "y", 5);   // a moves: x 1, y 1
        l.PipeInput("a", "2", 6);   // same right value: x unchanged, y 1 (subtract then add)
        l.PipeInput("b", null, 7);  // b leaves: x 0

        Assert.Equal([("x", 1L, 2L), ("x", 2L, 4L), ("x", 1L, 5L), ("y", 1L, 5L), ("y", 1L, 6L), ("x", 0L, 7L)],
            driver.CreateOutputTopic<string, long>("counts").ReadRecordsToList().Select(x => (x.Key, x.Value, x.Timestamp)).ToList());
    }

    [Fact]
    public void Join_ChainedJoins_JoinResultIsJoinableAsATable()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        KTable<string, string> a = builder.Table<string, string>("a");
        KTable<string, string> b = builder.Table<string, string>("b");
        KTable<string, string> c = builder.Table<string, string>("c");
        a.Join(b, Join).Join(c, Join).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic<string, string>("a").PipeInput("k", "A", 1);
        driver.CreateInputTopic<string, string>("c").PipeInput("k", "C", 2);
        driver.CreateInputTopic<string, string>("b").PipeInput("k", "B", 3);   // a+b appears, and joins c through c's getter
        driver.CreateInputTopic<string, string>("c").PipeInput("k", "C2", 4);  // c's update looks up a+b through its (computed) getter

        Assert.Equal([("k", "A+B+C", 3L), ("k", "A+B+C2", 4L)], Read(driver, "out"));
    }

    [Fact]
    public void Describe_TableTableJoin_ShowsJoinThisJoinOtherAndMerge()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Table<string, string>("left").Join(builder.Table<string, string>("right"), Join, Named.As("j")).ToStream().To("out");
        Topology topology = builder.Build();

        string description = topology.Describe().ToString();

        Assert.Contains("    Processor: j-join-this (stores: [right-STATE-STORE-0000000003])\n      --> j\n      <-- KTABLE-SOURCE-0000000002\n", description);
        Assert.Contains("    Processor: j-join-other (stores: [left-STATE-STORE-0000000000])\n      --> j\n      <-- KTABLE-SOURCE-0000000005\n", description);
        Assert.Contains("    Processor: j (stores: [])\n      --> KTABLE-TOSTREAM-0000000006\n      <-- j-join-this, j-join-other\n", description);
        Assert.Single(topology.Describe().Subtopologies);
        Assert.Equal([new[] { "left", "right" }], topology.CopartitionGroups.Select(g => g.ToArray()));
    }
}
