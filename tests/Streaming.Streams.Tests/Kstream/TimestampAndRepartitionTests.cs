using Streaming.Streams.Kstream;
using Streaming.Streams.State;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.Kstream;

public sealed class TimestampAndRepartitionTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StreamAggregate_OutOfOrderRecords_OutputsMaxTimestampAndStoresIt(bool caching)
    {
        var builder = new StreamsBuilder(TestConfig.Create("ts"));
        Materialized<string, long> materialized = Materialized<string, long>.As("c");
        builder.Stream<string, string>("in").GroupByKey().Count(materialized: caching ? materialized : materialized.WithCachingDisabled()).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("a", "x", 50);
        input.PipeInput("a", "x", 10);  // late: the aggregate keeps 50
        input.PipeInput("b", "x", 20);
        input.PipeInput("a", "x", 60);

        Assert.Equal([("a", 1L, 50L), ("a", 2L, 50L), ("b", 1L, 20L), ("a", 3L, 60L)],
            driver.CreateOutputTopic<string, long>("out").ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp)));
        Assert.Equal([("a", 1L, 50L), ("a", 2L, 50L), ("b", 1L, 20L), ("a", 3L, 60L)],
            driver.CreateOutputTopic<string, long>("ts-c-changelog").ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp)));
        Assert.True(driver.GetTimestampedKeyValueStore<string, long>("c").TryGet("a", out ValueAndTimestamp<long> a));
        Assert.Equal(new ValueAndTimestamp<long>(3, 60), a);
    }

    [Fact]
    public void StreamReduce_LateRecord_KeepsMaxTimestamp()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, int>("in").GroupByKey().Reduce((a, b) => a + b, materialized: Materialized<string, int>.As("r").WithCachingDisabled()).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, int> input = driver.CreateInputTopic<string, int>("in");

        input.PipeInput("k", 1, 100);
        input.PipeInput("k", 2, 1);

        Assert.Equal([(1, 100L), (3, 100L)], driver.CreateOutputTopic<string, int>("out").ReadRecordsToList().Select(r => (r.Value, r.Timestamp)));
    }

    [Fact]
    public void TableSource_Materialized_StoresRecordTimestampAndLogsPlainValue()
    {
        var builder = new StreamsBuilder(TestConfig.Create("t"));
        builder.Table("users", materialized: Materialized<string, string?>.As("u").WithCachingDisabled());
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic<string, string?>("users").PipeInput("k", "v", 77);

        Assert.True(driver.GetTimestampedKeyValueStore<string, string?>("u").TryGet("k", out ValueAndTimestamp<string?> stored));
        Assert.Equal(new ValueAndTimestamp<string?>("v", 77), stored);
        TestRecord<string, string> logged = driver.CreateOutputTopic<string, string>("t-u-changelog").ReadRecord();
        Assert.Equal(("k", "v", 77L), (logged.Key, logged.Value, logged.Timestamp));
    }

    [Fact]
    public void Repartition_Named_WritesTopicAndContinuesFromIt()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        builder.Stream<string, string>("in")
            .SelectKey((_, v) => v)
            .Repartition(Repartitioned<string, string>.As("by-value").WithNumberOfPartitions(4))
            .GroupByKey()
            .Count(materialized: Materialized<string, long>.As("c").WithCachingDisabled())
            .ToStream()
            .To("out");
        Topology topology = builder.Build();
        // GroupByKey after Repartition reads the repartitioned stream: no second repartition topic.
        Assert.Equal(["app-by-value-repartition"], topology.RepartitionTopics);
        Assert.Equal(4, topology.RepartitionTopicPartitionCount("app-by-value-repartition"));
        Assert.Equal(2, topology.Describe().Subtopologies.Count);
        using var driver = new TopologyTestDriver(topology);

        driver.CreateInputTopic<string, string>("in").PipeInput("k1", "x", 5);
        driver.CreateInputTopic<string, string>("in").PipeInput("k2", "x", 6);

        Assert.Equal([("x", "x", 5L), ("x", "x", 6L)],
            driver.CreateOutputTopic<string, string>("app-by-value-repartition").ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp)));
        Assert.Equal([("x", 1L), ("x", 2L)], driver.CreateOutputTopic<string, long>("out").ReadRecordsToList().Select(r => (r.Key, r.Value)));
    }

    [Fact]
    public void Repartition_Unnamed_GetsGeneratedTopicName()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        builder.Stream<string, string>("in").Repartition().To("out");

        Assert.Equal(["app-KSTREAM-REPARTITION-0000000001-repartition"], builder.Build().RepartitionTopics);
    }

    [Fact]
    public void To_StreamPartitioner_IsAskedPerRecordAndOutOfRangeFails()
    {
        var calls = new List<(string, string, string, int)>();
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").To("out", Produced<string, string>.With((topic, k, v, count) =>
        {
            calls.Add((topic, k, v, count));
            return v == "bad" ? 3 : null;
        }));
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("k", "v", 1);
        Assert.Equal([("out", "k", "v", 1)], calls);
        Assert.Equal("v", driver.CreateOutputTopic<string, string>("out").ReadValue());

        var ex = Assert.Throws<StreamsException>(() => input.PipeInput("k", "bad", 2));
        Assert.Contains("chose partition 3 of topic 'out', which has 1 partitions", ex.Message);
    }

    [Fact]
    public void Consumed_OffsetResetPolicy_IsReportedPerSourceTopic()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream("a", Consumed<string, string>.With(AutoOffsetReset.Earliest)).To("out");
        builder.Table("b", Consumed<string, string>.With(Serdes.String, Serdes.String).WithOffsetResetPolicy(AutoOffsetReset.Latest));
        builder.Stream<string, string>("c");
        Topology topology = builder.Build();

        Assert.Equal(AutoOffsetReset.Earliest, topology.OffsetResetPolicy("a"));
        Assert.Equal(AutoOffsetReset.Latest, topology.OffsetResetPolicy("b"));
        Assert.Null(topology.OffsetResetPolicy("c"));
    }
}
