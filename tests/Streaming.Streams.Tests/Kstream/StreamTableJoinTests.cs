using Streaming.Streams.Kstream;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.Kstream;

public sealed class StreamTableJoinTests
{
    private static List<(TKey Key, TValue Value, long Timestamp)> Read<TKey, TValue>(TopologyTestDriver driver, string topic)
        => [.. driver.CreateOutputTopic<TKey, TValue>(topic).ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp))];

    private static TopologyTestDriver OrdersWithCustomers(bool left)
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        KStream<string, string> orders = builder.Stream<string, string>("orders");
        KTable<string, string?> customers = builder.Table<string, string?>("customers");
        (left ? orders.LeftJoin(customers, (o, c) => $"{o}/{c}") : orders.Join(customers, (o, c) => $"{o}/{c}")).To("out");
        return new TopologyTestDriver(builder.Build());
    }

    private static void Pipe(TopologyTestDriver driver)
    {
        TestInputTopic<string, string?> customers = driver.CreateInputTopic<string, string?>("customers");
        TestInputTopic<string?, string?> orders = driver.CreateInputTopic<string?, string?>("orders");
        customers.PipeInput("c1", "alice", 5);
        orders.PipeInput("c1", "o1", 10);
        orders.PipeInput("c2", "o2", 3);        // no customer yet
        customers.PipeInput("c2", "bob", 20);   // table updates trigger nothing
        orders.PipeInput("c2", "o3", 1);        // out of order: joins the table's latest value
        customers.PipeInput("c1", null, 30);    // tombstone
        orders.PipeInput("c1", "o4", 31);
        orders.PipeInput(null, "o5", 32);       // null key: dropped
        orders.PipeInput("c2", null, 33);       // null value: dropped
    }

    [Fact]
    public void Join_OutOfOrderRecordsAndTableUpdates_JoinsLatestTableValueAtProcessingTime()
    {
        using TopologyTestDriver driver = OrdersWithCustomers(left: false);

        Pipe(driver);

        Assert.Equal([("c1", "o1/alice", 10L), ("c2", "o3/bob", 1L)], Read<string, string>(driver, "out"));
        Assert.Equal(2, driver.DroppedRecords);
    }

    [Fact]
    public void LeftJoin_MissingTableValue_JoinsWithNull()
    {
        using TopologyTestDriver driver = OrdersWithCustomers(left: true);

        Pipe(driver);

        Assert.Equal([("c1", "o1/alice", 10L), ("c2", "o2/", 3L), ("c2", "o3/bob", 1L), ("c1", "o4/", 31L)], Read<string, string>(driver, "out"));
        Assert.Equal(2, driver.DroppedRecords);
    }

    [Fact]
    public void Join_KeyChangedUpstream_RepartitionsTheStreamFirst()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        KTable<string, string> customers = builder.Table<string, string>("customers");
        builder.Stream<string, string>("orders")
            .SelectKey((_, v) => v.Split(':')[0])
            .Join(customers, (o, c) => $"{o}/{c}", Joined<string, string, string>.As("by-customer"))
            .To("out");
        Topology topology = builder.Build();
        using var driver = new TopologyTestDriver(topology);

        driver.CreateInputTopic<string, string>("customers").PipeInput("c1", "alice", 1);
        driver.CreateInputTopic<string, string>("orders").PipeInput("o1", "c1:pen", 2);

        Assert.Equal([("c1", "c1:pen/alice", 2L)], Read<string, string>(driver, "out"));
        Assert.Equal([("c1", "c1:pen", 2L)], Read<string, string>(driver, "app-by-customer-repartition"));
        Assert.Equal(["app-by-customer-repartition"], topology.RepartitionTopics);
        Assert.Equal([new[] { "app-by-customer-repartition", "customers" }], topology.CopartitionGroups.Select(g => g.ToArray()));
        // The repartition topic takes the table's partition count; differing user topics are rejected, naming both.
        var counts = new Dictionary<string, int> { ["customers"] = 4, ["orders"] = 2, ["app-by-customer-repartition"] = 2 };
        topology.EnforceCopartitioning(counts);
        Assert.Equal(4, counts["app-by-customer-repartition"]);
    }

    [Fact]
    public void Join_NotCopartitionedInputs_EnforceFailsNamingTopicsAndCounts()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("orders").Join(builder.Table<string, string>("customers"), (o, c) => o + c).To("out");
        Topology topology = builder.Build();

        var ex = Assert.Throws<TopologyException>(() => topology.EnforceCopartitioning(new Dictionary<string, int> { ["orders"] = 3, ["customers"] = 2 }));

        Assert.Contains("'customers' (2 partitions)", ex.Message);
        Assert.Contains("'orders' (3 partitions)", ex.Message);
    }

    [Fact]
    public void Describe_StreamTableJoin_ShowsJoinNodeConnectedToTheTableStore()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("orders").Join(builder.Table<string, string>("customers"), (o, c) => o + c).To("out");

        Assert.Equal(
            "Topologies:\n" +
            "   Sub-topology: 0\n" +
            "    Source: KSTREAM-SOURCE-0000000000 (topics: [orders])\n" +
            "      --> KSTREAM-JOIN-0000000004\n" +
            "    Source: KSTREAM-SOURCE-0000000002 (topics: [customers])\n" +
            "      --> KTABLE-SOURCE-0000000003\n" +
            "    Processor: KTABLE-SOURCE-0000000003 (stores: [customers-STATE-STORE-0000000001])\n" +
            "      --> none\n" +
            "      <-- KSTREAM-SOURCE-0000000002\n" +
            "    Processor: KSTREAM-JOIN-0000000004 (stores: [customers-STATE-STORE-0000000001])\n" +
            "      --> KSTREAM-SINK-0000000005\n" +
            "      <-- KSTREAM-SOURCE-0000000000\n" +
            "    Sink: KSTREAM-SINK-0000000005 (topic: out)\n" +
            "      <-- KSTREAM-JOIN-0000000004\n\n",
            builder.Build().Describe().ToString());
    }
}
