using Streaming.Streams.Kstream;
using Streaming.Streams.State;
using Streaming.Streams.State.Internal;
using Streaming.Streams.TestDriver;
using Streaming.Streams.Tests.State;

namespace Streaming.Streams.Tests.Kstream;

public sealed class VersionedTableJoinTests
{
    private static TopologyTestDriver Build(bool left, bool persistent)
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        IVersionedBytesStoreSupplier supplier = persistent
            ? Stores.PersistentVersionedKeyValueStore("customers-versioned", TimeSpan.FromMinutes(1))
            : Stores.InMemoryVersionedKeyValueStore("customers-versioned", TimeSpan.FromMinutes(1));
        KTable<string, string?> customers = builder.Table<string, string?>("customers", materialized: Materialized<string, string?>.As(supplier));
        KStream<string, string> orders = builder.Stream<string, string>("orders");
        (left ? orders.LeftJoin(customers, (o, c) => $"{o}/{c}") : orders.Join(customers, (o, c) => $"{o}/{c}")).To("out");
        return new TopologyTestDriver(builder.Build());
    }

    private static void Pipe(TopologyTestDriver driver)
    {
        TestInputTopic<string, string?> customers = driver.CreateInputTopic<string, string?>("customers");
        TestInputTopic<string, string> orders = driver.CreateInputTopic<string, string>("orders");
        customers.PipeInput("c1", "A", 10);
        customers.PipeInput("c1", "B", 20);
        customers.PipeInput("c1", "C", 15);    // out of order: history between A and B
        customers.PipeInput("c1", null, 30);   // deleted from 30 on
        orders.PipeInput("c1", "o12", 12);
        orders.PipeInput("c1", "o17", 17);
        orders.PipeInput("c1", "o25", 25);
        orders.PipeInput("c1", "o5", 5);       // before the first version
        orders.PipeInput("c1", "o31", 31);     // after the deletion
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Join_VersionedTable_UsesTheValueValidAtTheStreamRecordsTimestamp(bool persistent)
    {
        using TopologyTestDriver driver = Build(left: false, persistent);

        Pipe(driver);

        Assert.Equal([("c1", "o12/A", 12L), ("c1", "o17/C", 17L), ("c1", "o25/B", 25L)],
            driver.CreateOutputTopic<string, string>("out").ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp)).ToList());
    }

    [Fact]
    public void LeftJoin_VersionedTable_JoinsNullBeforeFirstVersionAndAfterDeletion()
    {
        using TopologyTestDriver driver = Build(left: true, persistent: false);

        Pipe(driver);

        Assert.Equal([("c1", "o12/A", 12L), ("c1", "o17/C", 17L), ("c1", "o25/B", 25L), ("c1", "o5/", 5L), ("c1", "o31/", 31L)],
            driver.CreateOutputTopic<string, string>("out").ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp)).ToList());
        // Every accepted version reached the changelog, stamped with its timestamp (the delete as a tombstone).
        Assert.Equal([("c1", "A", 10L), ("c1", "B", 20L), ("c1", "C", 15L), ("c1", null, 30L)],
            driver.CreateOutputTopic<string, string?>("app-customers-versioned-changelog").ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp)).ToList());
    }

    [Fact]
    public void Table_VersionedOutOfOrderUpdate_IsKeptAsHistoryButNotForwarded()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Table<string, string>("t", materialized: Materialized<string, string>.As(Stores.InMemoryVersionedKeyValueStore("v", TimeSpan.FromMinutes(1))))
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> t = driver.CreateInputTopic<string, string>("t");

        t.PipeInput("k", "new", 20);
        t.PipeInput("k", "old", 10);

        Assert.Equal([("k", "new", 20L)], driver.CreateOutputTopic<string, string>("out").ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp)).ToList());
        var store = (IVersionedKeyValueStore<string, string>)driver.GetStateStore("v");
        Assert.Equal(new VersionedRecord<string>("old", 10, 20), store.Get("k", 15));
        Assert.Equal(new VersionedRecord<string>("new", 20, null), store.Get("k"));
    }

    [Fact]
    public void VersionedStore_HistoryRetention_RefusesOldPutsAndForgetsExpiredVersions()
    {
        var store = new VersionedBytesStore(new InMemoryKeyValueStore("s"), historyRetentionMs: 10);
        using var context = new TestStoreContext();
        store.Init(context);
        byte[] k = [1];

        Assert.Equal(VersionedKeyValueStore.PutReturnCodeValidToUndefined, store.Put(k, [1], 100));
        Assert.Equal(VersionedKeyValueStore.PutReturnCodeValidToUndefined, store.Put(k, [2], 105));
        Assert.Equal(100, store.Put(k, [3], 95));                                  // within retention (>= 95): history, valid until 100
        Assert.Equal(VersionedKeyValueStore.PutReturnCodeValidToUndefined, store.Put(k, [4], 120));
        Assert.Equal(VersionedKeyValueStore.PutReturnCodeNotPut, store.Put(k, [5], 109));   // older than 120 - 10

        Assert.Null(store.GetAsOf(k, 109));                                      // beyond the retention
        Assert.Equal(("02", 105L, (long?)120), store.GetAsOf(k, 110) is { } v ? (Convert.ToHexString(v.Value), v.Timestamp, v.ValidTo) : default);
        Assert.Equal([4], store.GetLatest(k)!.Value.Value);
    }

    [Fact]
    public void VersionedStore_RestoreFromChangelog_RebuildsHistory()
    {
        var store = new VersionedBytesStore(new InMemoryKeyValueStore("s"), historyRetentionMs: 1000);
        using var context = new TestStoreContext();
        store.Init(context);
        IRestoreTarget target = StoreLayers.RestoreTarget(new SerdeVersionedKeyValueStore<string, string>(store, Serdes.String, Serdes.String, logging: true));

        target.Restore("k"u8, "a"u8, false, 10);
        target.Restore("k"u8, "c"u8, false, 30);
        target.Restore("k"u8, "b"u8, false, 20);
        target.Restore("k"u8, default, true, 40);
        target.EndRestoreBatch();

        Assert.Equal("b"u8.ToArray(), store.GetAsOf("k"u8.ToArray(), 25)!.Value.Value);
        Assert.Null(store.GetAsOf("k"u8.ToArray(), 45));
        Assert.Null(store.GetLatest("k"u8.ToArray()));
    }
}
