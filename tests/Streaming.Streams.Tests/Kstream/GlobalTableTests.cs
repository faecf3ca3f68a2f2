using Streaming.Streams.Kstream;
using Streaming.Streams.State;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.Kstream;

public sealed class GlobalTableTests
{
    private static TopologyTestDriver Build(bool left, StoreType store = StoreType.InMemory)
    {
        var builder = new StreamsBuilder(TestConfig.Create(store: store));
        GlobalKTable<string, string?> products = builder.GlobalTable<string, string?>("products", materialized: Materialized<string, string?>.As("products-store"));
        KStream<string, string> orders = builder.Stream<string, string>("orders");
        (left
            ? orders.LeftJoin(products, (_, productId) => productId, (o, p) => $"{o}:{p}")
            : orders.Join(products, (_, productId) => productId, (o, p) => $"{o}:{p}")).To("out");
        return new TopologyTestDriver(builder.Build());
    }

    private static void Pipe(TopologyTestDriver driver)
    {
        TestInputTopic<string, string?> products = driver.CreateInputTopic<string, string?>("products");
        TestInputTopic<string, string> orders = driver.CreateInputTopic<string, string>("orders");
        products.PipeInput("p1", "Pen", 100);
        orders.PipeInput("o1", "p1", 5);    // earlier than the product: still joins (global tables have no time semantics)
        orders.PipeInput("o2", "p2", 6);
        products.PipeInput("p1", null, 101);
        orders.PipeInput("o3", "p1", 7);
    }

    [Theory]
    [InlineData(StoreType.InMemory)]
    [InlineData(StoreType.RocksDb)]
    public void Join_ByKeySelectedFromValue_JoinsWithGlobalStoreContents(StoreType store)
    {
        using TopologyTestDriver driver = Build(left: false, store);

        Pipe(driver);

        Assert.Equal([("o1", "p1:Pen", 5L)], driver.CreateOutputTopic<string, string>("out").ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp)).ToList());
    }

    [Fact]
    public void LeftJoin_MissingGlobalValue_JoinsWithNull()
    {
        using TopologyTestDriver driver = Build(left: true);

        Pipe(driver);

        Assert.Equal([("o1", "p1:Pen", 5L), ("o2", "p2:", 6L), ("o3", "p1:", 7L)],
            driver.CreateOutputTopic<string, string>("out").ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp)).ToList());
    }

    [Fact]
    public void GetKeyValueStore_GlobalStore_HoldsTheTopicsLatestValues()
    {
        using TopologyTestDriver driver = Build(left: false);
        TestInputTopic<string, string?> products = driver.CreateInputTopic<string, string?>("products");

        products.PipeInput("p1", "Pen", 1);
        products.PipeInput("p2", "Ink", 2);
        products.PipeInput("p1", null, 3);

        IKeyValueStore<string, string?> store = driver.GetKeyValueStore<string, string?>("products-store");
        Assert.False(store.TryGet("p1", out _));
        Assert.True(store.TryGet("p2", out string? ink));
        Assert.Equal("Ink", ink);
        Assert.Equal(new ValueAndTimestamp<string?>("Ink", 2), driver.GetTimestampedKeyValueStore<string, string?>("products-store").TryGet("p2", out var vt) ? vt : default);
    }

    [Fact]
    public void Topology_GlobalTable_IsNotPartOfAnySubtopologyAndHasNoChangelog()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        GlobalKTable<string, string> products = builder.GlobalTable<string, string>("products", materialized: Materialized<string, string>.As("products-store"));
        builder.Stream<string, string>("orders").Join(products, (_, v) => v, (o, p) => o + p).To("out");
        Topology topology = builder.Build();

        Assert.Equal(["products"], topology.GlobalTopics);
        Assert.Equal(["products-store"], topology.GlobalStoreNames);
        Assert.Equal("products", topology.GlobalStoreTopic("products-store"));
        Assert.Equal(["orders"], topology.SourceTopics);
        Assert.Empty(topology.ChangelogTopics);
        Assert.Empty(topology.CopartitionGroups);
        Assert.Equal(
            "Topologies:\n" +
            "   Sub-topology: 0\n" +
            "    Source: KSTREAM-SOURCE-0000000002 (topics: [orders])\n" +
            "      --> KSTREAM-JOIN-0000000003\n" +
            "    Processor: KSTREAM-JOIN-0000000003 (stores: [])\n" +
            "      --> KSTREAM-SINK-0000000004\n" +
            "      <-- KSTREAM-SOURCE-0000000002\n" +
            "    Sink: KSTREAM-SINK-0000000004 (topic: out)\n" +
            "      <-- KSTREAM-JOIN-0000000003\n\n" +
            "   Sub-topology: 1 for global store (will not generate tasks)\n" +
            "    Source: KSTREAM-SOURCE-0000000000 (topics: [products])\n" +
            "      --> KTABLE-SOURCE-0000000001\n" +
            "    Processor: KTABLE-SOURCE-0000000001 (stores: [products-store])\n" +
            "      --> none\n" +
            "      <-- KSTREAM-SOURCE-0000000000\n\n",
            topology.Describe().ToString());
    }
}
