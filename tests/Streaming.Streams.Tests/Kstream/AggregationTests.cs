using Streaming.Streams.Kstream;
using Streaming.Streams.State;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.Kstream;

public sealed class AggregationTests
{
    private static KeyValuePair<TKey, TValue> KV<TKey, TValue>(TKey key, TValue value) => new(key, value);

    [Theory]
    [InlineData(StoreType.InMemory)]
    [InlineData(StoreType.RocksDb)]
    public void WordCount_GroupByThroughRepartition_CountsPerWordOnePerCommit(StoreType storeType)
    {
        var builder = new StreamsBuilder(TestConfig.Create("wordcount", store: storeType));
        builder.Stream<string, string>("lines")
            .FlatMapValues(line => line.Split(' '))
            .GroupBy((_, word) => word)
            .Count(materialized: Materialized<string, long>.As("counts"))
            .ToStream()
            .To("counts-out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> lines = driver.CreateInputTopic<string, string>("lines");
        TestOutputTopic<string, long> output = driver.CreateOutputTopic<string, long>("counts-out");

        lines.PipeInput("1", "a b a", 10);
        // One commit per input: the cache sends each key once, in the order of its last update.
        Assert.Equal([KV("b", 1L), KV("a", 2L)], output.ReadKeyValuesToList());
        lines.PipeInput("2", "b", 20);
        Assert.Equal([KV("b", 2L)], output.ReadKeyValuesToList());

        IKeyValueStore<string, long> store = driver.GetKeyValueStore<string, long>("counts");
        Assert.True(store.TryGet("a", out long a));
        Assert.Equal(2, a);
        Assert.Equal([KV("a", 2L), KV("b", 2L)], store.All().ToList());
        // The repartition topic carried one record per word, keyed by the word.
        Assert.Equal(["a", "b", "a", "b"], driver.CreateOutputTopic<string, string>("wordcount-counts-repartition").ReadKeyValuesToList().Select(kv => kv.Key));
    }

    [Fact]
    public void Count_CachingDisabled_ForwardsEveryUpdate()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").GroupByKey().Count(materialized: Materialized<string, long>.As("c").WithCachingDisabled()).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("a", "x", 1);
        input.PipeInput("a", "y", 2);
        input.PipeInput("b", "z", 3);

        List<TestRecord<string, long>> output = driver.CreateOutputTopic<string, long>("out").ReadRecordsToList();
        Assert.Equal([("a", 1L, 1L), ("a", 2L, 2L), ("b", 1L, 3L)], output.Select(r => (r.Key, r.Value, r.Timestamp)));
    }

    [Fact]
    public void Count_NullKeyOrValue_IsSkipped()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string?, string?>("in").GroupByKey().Count().ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string?, string?> input = driver.CreateInputTopic<string?, string?>("in");

        input.PipeInput(null, "x", 1);
        input.PipeInput("a", null, 1);
        input.PipeInput("a", "x", 1);

        Assert.Equal([KV<string?, long>("a", 1L)], driver.CreateOutputTopic<string?, long>("out").ReadKeyValuesToList());
    }

    [Fact]
    public void GroupBy_NullNewKey_IsDroppedBeforeTheRepartitionTopic()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        builder.Stream<string, string>("in").GroupBy((_, v) => v == "drop" ? null : v, Grouped<string?, string>.As("g")).Count().ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("k", "drop", 1);
        input.PipeInput("k", "keep", 1);

        Assert.Equal([KV<string?, long>("keep", 1L)], driver.CreateOutputTopic<string?, long>("out").ReadKeyValuesToList());
        Assert.Equal(1, driver.CreateOutputTopic<string, string>("app-g-repartition").QueueSize);
    }

    [Fact]
    public void Reduce_Values_CombinesPerKeyStartingFromFirstValue()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, int>("in").GroupByKey().Reduce((agg, v) => agg * 10 + v, Named.As("reducer")).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, int> input = driver.CreateInputTopic<string, int>("in");

        input.PipeInput("a", 1, 1);
        input.PipeInput("b", 5, 1);
        input.PipeInput("a", 2, 1);
        input.PipeInput("a", 3, 1);

        Assert.Equal([KV("a", 1), KV("b", 5), KV("a", 12), KV("a", 123)], driver.CreateOutputTopic<string, int>("out").ReadKeyValuesToList());
    }

    [Fact]
    public void Aggregate_InitializerAndAggregator_FoldsIntoNewType()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in")
            .GroupByKey()
            .Aggregate(() => "", (_, v, agg) => agg + v, materialized: Materialized<string, string>.As("concat").WithStoreType(StoreType.RocksDb))
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("a", "x", 1);
        input.PipeInput("a", "y", 2);
        input.PipeInput("b", "z", 3);

        Assert.Equal([KV("a", "x"), KV("a", "xy"), KV("b", "z")], driver.CreateOutputTopic<string, string>("out").ReadKeyValuesToList());
        Assert.True(driver.GetKeyValueStore<string, string>("concat").Persistent);
    }

    [Fact]
    public void Table_TopicUpdatesAndTombstones_MaterializesLatestValue()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Table("users", materialized: Materialized<string, string?>.As("users-store")).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string?> users = driver.CreateInputTopic<string, string?>("users");

        users.PipeInput("u1", "ann", 1);
        users.PipeInput("u2", "bob", 2);
        users.PipeInput("u1", "anna", 3);
        users.PipeInput("u2", null, 4);

        IKeyValueStore<string, string?> store = driver.GetKeyValueStore<string, string?>("users-store");
        Assert.Equal([KV<string, string?>("u1", "anna")], store.All().ToList());
        Assert.Equal([KV<string, string?>("u1", "ann"), KV<string, string?>("u2", "bob"), KV<string, string?>("u1", "anna"), KV<string, string?>("u2", null)],
            driver.CreateOutputTopic<string, string?>("out").ReadKeyValuesToList());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void KTableFilter_FailingUpdate_ForwardsDeletionAndDeletesFromItsStore(bool caching)
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        Materialized<string, string?> materialized = Materialized<string, string?>.As("long-names");
        builder.Table<string, string?>("in")
            .Filter((_, v) => v!.Length > 2, materialized: caching ? materialized : materialized.WithCachingDisabled())
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string?> input = driver.CreateInputTopic<string, string?>("in");

        input.PipeInput("a", "anna", 1);
        input.PipeInput("b", "bo", 2);
        input.PipeInput("a", "al", 3);

        // As Kafka: without a cache every failing update is a tombstone; the cache drops the one for 'b', which was never
        // in the store below (nothing to delete downstream).
        KeyValuePair<string, string?>[] expected = caching
            ? [KV<string, string?>("a", "anna"), KV<string, string?>("a", null)]
            : [KV<string, string?>("a", "anna"), KV<string, string?>("b", null), KV<string, string?>("a", null)];
        Assert.Equal(expected, driver.CreateOutputTopic<string, string?>("out").ReadKeyValuesToList());
        Assert.Empty(driver.GetKeyValueStore<string, string?>("long-names").All());
    }

    [Fact]
    public void KTableFilterNotAndMapValues_OnCounts_MapsAndDeletes()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in")
            .GroupByKey()
            .Count(materialized: Materialized<string, long>.As("c").WithCachingDisabled())
            .FilterNot((_, c) => c == 2)
            .MapValues(c => $"seen {c}")
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        for (int i = 0; i < 3; i++) input.PipeInput("a", "x", i);

        Assert.Equal([KV<string, string?>("a", "seen 1"), KV<string, string?>("a", null), KV<string, string?>("a", "seen 3")],
            driver.CreateOutputTopic<string, string?>("out").ReadKeyValuesToList());
    }

    [Fact]
    public void Count_TwoKeyChangingBranchesMerged_RepartitionsOnce()
    {
        var builder = new StreamsBuilder(TestConfig.Create("m"));
        KStream<string, string> a = builder.Stream<string, string>("a").SelectKey((_, v) => v);
        KStream<string, string> b = builder.Stream<string, string>("b");
        a.Merge(b).GroupByKey(Grouped<string, string>.As("merged")).Count().ToStream().To("out");
        Topology topology = builder.Build();
        Assert.Equal(["m-merged-repartition"], topology.RepartitionTopics);
        using var driver = new TopologyTestDriver(topology);

        driver.CreateInputTopic<string, string>("a").PipeInput("ignored", "k", 1);
        driver.CreateInputTopic<string, string>("b").PipeInput("k", "v", 2);

        Assert.Equal([KV("k", 1L), KV("k", 2L)], driver.CreateOutputTopic<string, long>("out").ReadKeyValuesToList());
    }
}
