using Streaming.Streams.Kstream;
using Streaming.Streams.State;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.Kstream;

public sealed class ForeignKeyJoinTests
{
    private static string? CustomerOf(string order) => order.Contains(':') ? order.Split(':')[0] : null;

    private static (Topology Topology, StreamsBuilder Builder) Build(bool left, StoreType store = StoreType.InMemory)
    {
        var builder = new StreamsBuilder(TestConfig.Create(store: store));
        KTable<string, string> orders = builder.Table<string, string>("orders");
        KTable<string, string> customers = builder.Table<string, string>("customers");
        KTable<string, string> joined = left
            ? orders.LeftJoin(customers, o => CustomerOf(o)!, (o, c) => $"{o}|{c}", TableJoined<string, string>.As("fk"), Materialized<string, string>.As("orders-with-customers"))
            : orders.Join(customers, o => CustomerOf(o)!, (o, c) => $"{o}|{c}", TableJoined<string, string>.As("fk"), Materialized<string, string>.As("orders-with-customers"));
        joined.ToStream().To("out");
        return (builder.Build(), builder);
    }

    private static void Pipe(TopologyTestDriver driver)
    {
        TestInputTopic<string, string?> orders = driver.CreateInputTopic<string, string?>("orders");
        TestInputTopic<string, string?> customers = driver.CreateInputTopic<string, string?>("customers");
        customers.PipeInput("c1", "Alice", 1);
        orders.PipeInput("o1", "c1:pen", 2);
        orders.PipeInput("o2", "c2:ink", 3);      // no customer c2 yet
        customers.PipeInput("c2", "Bob", 4);      // answers o2's subscription
        orders.PipeInput("o1", "c2:pen", 5);      // foreign key changes c1 -> c2
        customers.PipeInput("c1", "Alicia", 6);   // o1 no longer subscribes to c1: nothing
        customers.PipeInput("c2", null, 7);       // right tombstone reaches both subscribers
        orders.PipeInput("o2", null, 8);          // left tombstone
        orders.PipeInput("o3", "c1:cup", 9);
        orders.PipeInput("o3", "nofk", 10);       // foreign key becomes null
    }

    private static List<(string Key, string? Value, long Timestamp)> Read(TopologyTestDriver driver)
        => [.. driver.CreateOutputTopic<string, string?>("out").ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp))];

    [Theory]
    [InlineData(StoreType.InMemory)]
    [InlineData(StoreType.RocksDb)]
    public void Join_ForeignKeyChangesAndTombstonesOnBothSides_EmitsKafkasResults(StoreType store)
    {
        using var driver = new TopologyTestDriver(Build(left: false, store).Topology);

        Pipe(driver);

        Assert.Equal(
            [
                ("o1", "c1:pen|Alice", 2L), ("o2", "c2:ink|Bob", 4L), ("o1", "c2:pen|Bob", 5L), ("o1", null, 7L), ("o2", null, 7L),
                // o2's deletion at 8 answers with a tombstone, but the cached result store already deleted o2 at 7: nothing to forward (as Kafka).
                ("o3", "c1:cup|Alicia", 9L), ("o3", null, 10L),
            ],
            Read(driver));
        Assert.Equal(1, driver.DroppedRecords);   // the null foreign key
        IKeyValueStore<string, string> result = driver.GetKeyValueStore<string, string>("orders-with-customers");
        Assert.Empty(result.All());
    }

    [Fact]
    public void LeftJoin_NoMatchOrNullForeignKey_EmitsNullRightValue()
    {
        using var driver = new TopologyTestDriver(Build(left: true).Topology);

        Pipe(driver);

        Assert.Equal(
            [
                ("o1", "c1:pen|Alice", 2L), ("o2", "c2:ink|", 3L), ("o2", "c2:ink|Bob", 4L), ("o1", "c2:pen|Bob", 5L), ("o1", "c2:pen|", 7L),
                ("o2", "c2:ink|", 7L), ("o2", null, 8L), ("o3", "c1:cup|Alicia", 9L), ("o3", "nofk|", 10L),
            ],
            Read(driver));
        Assert.Equal(0, driver.DroppedRecords);
        Assert.Equal([new KeyValuePair<string, string>("o1", "c2:pen|"), new KeyValuePair<string, string>("o3", "nofk|")],
            driver.GetKeyValueStore<string, string>("orders-with-customers").All().ToList());
    }

    [Fact]
    public void Join_SubscriptionTopic_CarriesKafkasSubscriptionLayout()
    {
        using var driver = new TopologyTestDriver(Build(left: false).Topology);
        driver.CreateInputTopic<string, string>("orders").PipeInput("o1", "c1:pen", 2);

        List<TestRecord<string, byte[]>> subscriptions = driver.CreateOutputTopic<string, byte[]>("app-fk-subscription-registration-topic").ReadRecordsToList();

        TestRecord<string, byte[]> s = Assert.Single(subscriptions);
        Assert.Equal("c1", s.Key);
        // version 1 with a hash, instruction 3 (propagate only if the foreign value exists), 16-byte hash, "o1", partition 0.
        Assert.Equal([0x01, 0x03], s.Value[..2]);
        Assert.Equal(2 + 16 + 2 + 4, s.Value.Length);
        Assert.Equal("6F31" + "00000000", Convert.ToHexString(s.Value[18..]));
    }

    [Fact]
    public void Topology_ForeignKeyJoin_ReportsInternalTopicsCopartitionedWithEachSide()
    {
        Topology topology = Build(left: false).Topology;

        Assert.Equal(["app-fk-subscription-registration-topic", "app-fk-subscription-response-topic"], topology.RepartitionTopics.Order().ToList());
        Assert.Contains("app-fk-subscription-store-changelog", topology.ChangelogTopics);
        var counts = new Dictionary<string, int>
        {
            ["orders"] = 5, ["customers"] = 3, ["app-fk-subscription-registration-topic"] = 5, ["app-fk-subscription-response-topic"] = 3,
        };
        topology.EnforceCopartitioning(counts);
        Assert.Equal(3, counts["app-fk-subscription-registration-topic"]);
        Assert.Equal(5, counts["app-fk-subscription-response-topic"]);
        string description = topology.Describe().ToString();
        Assert.Contains("    Sink: fk-subscription-registration-sink (topic: app-fk-subscription-registration-topic)\n", description);
        Assert.Contains("    Processor: fk-subscription-receive (stores: [fk-subscription-store, customers-STATE-STORE-0000000003])\n", description);
        Assert.Contains("    Processor: fk-foreign-join (stores: [fk-subscription-store])\n", description);
        Assert.Contains("    Source: fk-subscription-response-source (topics: [app-fk-subscription-response-topic])\n", description);
        Assert.Equal(2, topology.Describe().Subtopologies.Count);
    }
}
