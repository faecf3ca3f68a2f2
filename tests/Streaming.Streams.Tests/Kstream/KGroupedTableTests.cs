using Streaming.Streams.Kstream;
using Streaming.Streams.State;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.Kstream;

public sealed class KGroupedTableTests
{
    private static (string Key, long Value, long Timestamp) R(string key, long value, long timestamp) => (key, value, timestamp);

    private static List<(TKey Key, TValue Value, long Timestamp)> Read<TKey, TValue>(TopologyTestDriver driver, string topic)
        => [.. driver.CreateOutputTopic<TKey, TValue>(topic).ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp))];

    /// <summary>users (user → region) counted per region, without caches so that every update shows.</summary>
    private static TopologyTestDriver UsersPerRegion(StoreType storeType = StoreType.InMemory)
    {
        var builder = new StreamsBuilder(TestConfig.Create("app", store: storeType));
        builder.Table<string, string?>("users")
            .GroupBy((user, region) => (region!, user))
            .Count(materialized: Materialized<string, long>.As("per-region").WithCachingDisabled())
            .ToStream()
            .To("out");
        return new TopologyTestDriver(builder.Build());
    }

    private static void PipeUsers(TopologyTestDriver driver)
    {
        TestInputTopic<string, string?> users = driver.CreateInputTopic<string, string?>("users");
        users.PipeInput("alice", "eu", 10);
        users.PipeInput("bob", "eu", 20);
        users.PipeInput("alice", "us", 30);  // moves: -1 for eu, +1 for us
        users.PipeInput("bob", "eu", 5);     // same region, older timestamp: subtract then add in one step
        users.PipeInput("alice", null, 40);  // tombstone: -1 for us
    }

    [Theory]
    [InlineData(StoreType.InMemory)]
    [InlineData(StoreType.RocksDb)]
    public void Count_KeyChangesUpdatesAndTombstones_CountsPerNewKeyWithMaxTimestamps(StoreType storeType)
    {
        using TopologyTestDriver driver = UsersPerRegion(storeType);

        PipeUsers(driver);

        Assert.Equal([R("eu", 1, 10), R("eu", 2, 20), R("eu", 1, 30), R("us", 1, 30), R("eu", 1, 30), R("us", 0, 40)], Read<string, long>(driver, "out"));
        // The changelog holds the same updates, each stamped with the aggregate's timestamp.
        Assert.Equal([R("eu", 1, 10), R("eu", 2, 20), R("eu", 1, 30), R("us", 1, 30), R("eu", 1, 30), R("us", 0, 40)],
            Read<string, long>(driver, "app-per-region-changelog"));
        ITimestampedKeyValueStore<string, long> store = driver.GetTimestampedKeyValueStore<string, long>("per-region");
        Assert.Equal([new("eu", new ValueAndTimestamp<long>(1, 30)), new KeyValuePair<string, ValueAndTimestamp<long>>("us", new(0, 40))], store.All().ToList());
    }

    [Fact]
    public void Count_RepartitionTopic_CarriesSubtractionsAndAdditionsInKafkasLayout()
    {
        using TopologyTestDriver driver = UsersPerRegion();

        PipeUsers(driver);

        List<(string Key, string Value, long Timestamp)> repartition = [.. Read<string, byte[]>(driver, "app-per-region-repartition")
            .Select(r => (r.Key, Convert.ToHexString(r.Value), r.Timestamp))];
        string Bytes(string s, params byte[] suffix) => Convert.ToHexString([.. System.Text.Encoding.UTF8.GetBytes(s), .. suffix]);
        Assert.Equal(
            [
                ("eu", Bytes("alice", 1), 10L),           // new value only: flag 1
                ("eu", Bytes("bob", 1), 20L),
                ("eu", Bytes("alice", 0), 30L),           // old value only (the subtraction) goes first: flag 0
                ("us", Bytes("alice", 1), 30L),
                ("eu", "06" + Bytes("bob") + Bytes("bob", 2), 5L),  // same key: zigzag varint length 3, new, old, flag 2
                ("us", Bytes("alice", 0), 40L),
            ],
            repartition);
    }

    [Fact]
    public void Aggregate_ValueMovesBetweenKeys_RunsSubtractorBeforeAdder()
    {
        var calls = new List<string>();
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Table<string, string?>("users")
            .GroupBy((user, region) => (region!, user))
            .Aggregate(
                () => "",
                (region, user, agg) => { calls.Add($"+{region}:{user}"); return agg + user + ";"; },
                (region, user, agg) => { calls.Add($"-{region}:{user}"); return agg.Replace(user + ";", ""); },
                materialized: Materialized<string, string>.As("members").WithCachingDisabled())
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        PipeUsers(driver);

        Assert.Equal(["+eu:alice", "+eu:bob", "-eu:alice", "+us:alice", "-eu:bob", "+eu:bob", "-us:alice"], calls);
        Assert.Equal([("eu", "alice;", 10L), ("eu", "alice;bob;", 20L), ("eu", "bob;", 30L), ("us", "alice;", 30L), ("eu", "bob;", 30L), ("us", "", 40L)],
            Read<string, string>(driver, "out"));
    }

    [Fact]
    public void Reduce_AdderAndSubtractor_KeepSumsExactAcrossKeyChangesAndTombstones()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Table<string, int>("prices")
            .GroupBy((_, price) => (price >= 10 ? "expensive" : "cheap", price))
            .Reduce((agg, v) => agg + v, (agg, v) => agg - v, materialized: Materialized<string, int>.As("sums").WithCachingDisabled())
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, int> prices = driver.CreateInputTopic<string, int>("prices");

        prices.PipeInput("a", 5, 1);
        prices.PipeInput("b", 7, 2);
        prices.PipeInput("a", 20, 3);  // moves from cheap to expensive
        prices.PipeInput("b", 8, 4);   // stays cheap: -7 +8 in one step
        driver.CreateInputTopic<string, int?>("prices").PipeInput("a", null, 5);  // tombstone: -20

        Assert.Equal([("cheap", 5, 1L), ("cheap", 12, 2L), ("cheap", 7, 3L), ("expensive", 20, 3L), ("cheap", 8, 4L), ("expensive", 0, 5L)],
            Read<string, int>(driver, "out"));
    }

    [Fact]
    public void Reduce_SubtractorReturnsNull_DeletesKeyAndForwardsTombstone()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Table<string, int>("in")
            .GroupBy((k, v) => ("all", v.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Reduce((agg, v) => agg + v, (agg, v) => agg == v ? null! : agg, materialized: Materialized<string, string>.As("r").WithCachingDisabled())
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, int> input = driver.CreateInputTopic<string, int>("in");

        input.PipeInput("k", 7, 1);
        driver.CreateInputTopic<string, int?>("in").PipeInput("k", null, 2);

        Assert.Equal([("all", "7", 1L), ("all", (string?)null, 2L)], Read<string, string?>(driver, "out"));
        Assert.False(driver.GetKeyValueStore<string, string>("r").TryGet("all", out _));
    }

    [Fact]
    public void Count_CachingOn_SourceFlushSendsOldValueFromTheStoreBelow()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        builder.Table<string, string?>("users")
            .GroupBy((user, region) => (region!, user), Grouped<string, string>.As("by-region"))
            .Count(materialized: Materialized<string, long>.As("per-region"))
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { CommitAfterEachInput = false });
        TestInputTopic<string, string?> users = driver.CreateInputTopic<string, string?>("users");

        // Within one commit interval the source table's cache keeps only alice's last region: eu is never counted.
        users.PipeInput("alice", "eu", 10);
        users.PipeInput("alice", "us", 11);
        users.PipeInput("bob", "us", 12);
        Assert.Empty(driver.CreateOutputTopic<string, string>("app-by-region-repartition").ReadRecordsToList());
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(30));
        Assert.Equal([R("us", 2, 12)], Read<string, long>(driver, "out"));

        // The next flush sends alice's change with the old value the store below held (us), not an intermediate one.
        users.PipeInput("alice", "asia", 20);
        users.PipeInput("alice", "eu", 21);
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(30));
        Assert.Equal([R("us", 1, 21), R("eu", 1, 21)], Read<string, long>(driver, "out"));
        Assert.Equal(
            [("us", "alice", 11L), ("us", "bob", 12L), ("us", "alice", 21L), ("eu", "alice", 21L)],
            Read<string, string>(driver, "app-by-region-repartition").Select(r => (r.Key, r.Value[..^1], r.Timestamp)));
    }

    [Fact]
    public void GroupBy_OnUnmaterializedFilter_ComputesOldValuesThroughTheParent()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        builder.Table<string, string?>("in")
            .Filter((_, v) => v != "skip")
            .MapValues(v => v!.ToUpperInvariant())
            .GroupBy((k, v) => (v, k))
            .Count(materialized: Materialized<string, long>.As("c").WithCachingDisabled())
            .ToStream()
            .To("out");
        Topology topology = builder.Build();
        using var driver = new TopologyTestDriver(topology);
        TestInputTopic<string, string?> input = driver.CreateInputTopic<string, string?>("in");

        input.PipeInput("a", "x", 1);
        input.PipeInput("a", "skip", 2);  // filtered out: only the subtraction of X remains
        input.PipeInput("a", "y", 3);     // the old value (skip) does not pass the filter: only the addition of Y
        input.PipeInput("b", "skip", 4);  // neither passes: nothing is forwarded
        input.PipeInput("b", "y", 5);

        Assert.Equal([R("X", 1, 1), R("X", 0, 2), R("Y", 1, 3), R("Y", 2, 5)], Read<string, long>(driver, "out"));
        Assert.Equal(4, driver.CreateOutputTopic<string, byte[]>("app-c-repartition").QueueSize);
        // The source table was materialized for the grouping (it reads old values from its store).
        NodeDescription source = topology.Describe().Subtopologies[0].Nodes.Single(n => n.Name.StartsWith("KTABLE-SOURCE-", StringComparison.Ordinal));
        Assert.Equal(["in-STATE-STORE-0000000000"], source.Stores);
    }

    [Fact]
    public void GroupBy_SelectorReturnsNullKey_DropsThatSide()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Table<string, string?>("in")
            .GroupBy((k, v) => (v == "none" ? null : v, k), Grouped<string?, string>.As("g"))
            .Count(materialized: Materialized<string?, long>.As("c").WithCachingDisabled())
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string?> input = driver.CreateInputTopic<string, string?>("in");

        input.PipeInput("a", "x", 1);
        input.PipeInput("a", "none", 2);  // old pair (x, a) is subtracted; new pair has a null key and is dropped
        input.PipeInput("a", "x", 3);     // old pair dropped, new pair added

        Assert.Equal([("x", 1L, 1L), ("x", 0L, 2L), ("x", 1L, 3L)], Read<string?, long>(driver, "out"));
    }

    [Fact]
    public void GroupBy_OnStreamAggregate_SubtractsPreviousAggregate()
    {
        // Count per user, then count users per count: a user's count moving from 1 to 2 moves it between groups.
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("clicks")
            .GroupByKey()
            .Count(materialized: Materialized<string, long>.As("per-user").WithCachingDisabled())
            .GroupBy((user, count) => (count, user))
            .Count(materialized: Materialized<long, long>.As("users-per-count").WithCachingDisabled())
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> clicks = driver.CreateInputTopic<string, string>("clicks");

        clicks.PipeInput("u1", "x", 1);
        clicks.PipeInput("u2", "x", 2);
        clicks.PipeInput("u1", "x", 3);

        Assert.Equal([(1L, 1L, 1L), (1L, 2L, 2L), (1L, 1L, 3L), (2L, 1L, 3L)], Read<long, long>(driver, "out"));
    }

    [Fact]
    public void Count_GroupedSerdes_AreUsedOnTheRepartitionTopic()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        builder.Table<string, string?>("in")
            .GroupBy((k, v) => (v!, k.Length), Grouped<string, int>.As("g").WithSerdes(Serdes.String, Serdes.Json<int>()))
            .Count(materialized: Materialized<string, long>.As("c"));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic<string, string?>("in").PipeInput("abc", "v", 1);

        TestRecord<string, byte[]> record = driver.CreateOutputTopic<string, byte[]>("app-g-repartition").ReadRecord();
        Assert.Equal([.. "3"u8, 1], record.Value);  // JSON "3" and the new-value flag
    }

    [Fact]
    public void Count_MaterializedRocksDbWithoutLogging_IsPersistentAndWritesNoChangelog()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        builder.Table<string, string?>("users")
            .GroupBy((user, region) => (region!, user))
            .Count(materialized: Materialized<string, long>.As("per-region").WithStoreType(StoreType.RocksDb).WithLoggingDisabled());
        Topology topology = builder.Build();
        Assert.Equal(["app-users-STATE-STORE-0000000000-changelog"], topology.ChangelogTopics);
        using var driver = new TopologyTestDriver(topology);

        PipeUsers(driver);

        IKeyValueStore<string, long> store = driver.GetKeyValueStore<string, long>("per-region");
        Assert.True(store.Persistent);
        Assert.Equal([new KeyValuePair<string, long>("eu", 1), new("us", 0)], store.All().ToList());
        Assert.DoesNotContain("app-per-region-changelog", driver.ProducedTopicNames);
    }

    [Fact]
    public void Process_ConnectedToTableAggregateStore_ReadsValuesWithTimestamps()
    {
        var seen = new List<string>();
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Table<string, string?>("users").GroupBy((user, region) => (region!, user)).Count(materialized: Materialized<string, long>.As("per-region"));
        builder.Stream<string, string>("queries")
            .Process(() => new StoreReader(seen), Named.As("reader"), "per-region");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic<string, string?>("users").PipeInput("alice", "eu", 10);
        driver.CreateInputTopic<string, string>("queries").PipeInput("q", "eu", 11);

        Assert.Equal(["eu=1@10"], seen);
    }

    [Fact]
    public void Process_AsksDslStoreAsPlainStore_FailsWithHint()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").GroupByKey().Count(materialized: Materialized<string, long>.As("c"));
        builder.Stream<string, string>("q").Process(() => new PlainReader(), Named.As("plain"), "c");
        using var driver = new TopologyTestDriver(builder.Build());

        var ex = Assert.Throws<StreamsException>(() => driver.CreateInputTopic<string, string>("q").PipeInput("k", "v", 1));

        Assert.Contains("it is a DSL store, whose values carry timestamps; ask for an ITimestampedKeyValueStore<K, V>", ex.Message);
    }

    private sealed class PlainReader : Streaming.Streams.Processor.IProcessor<string, string, string, string>
    {
        private Streaming.Streams.Processor.IProcessorContext<string, string>? _context;

        public void Init(Streaming.Streams.Processor.IProcessorContext<string, string> context) => _context = context;

        public void Process(Streaming.Streams.Processor.Record<string, string> record) => _context!.GetStateStore<IKeyValueStore<string, long>>("c");
    }

    private sealed class StoreReader(List<string> seen) : Streaming.Streams.Processor.IProcessor<string, string, string, string>
    {
        private ITimestampedKeyValueStore<string, long>? _store;

        public void Init(Streaming.Streams.Processor.IProcessorContext<string, string> context)
            => _store = context.GetStateStore<ITimestampedKeyValueStore<string, long>>("per-region");

        public void Process(Streaming.Streams.Processor.Record<string, string> record)
        {
            if (_store!.TryGet(record.Value, out ValueAndTimestamp<long> v)) seen.Add($"{record.Value}={v.Value}@{v.Timestamp}");
        }
    }
}

public sealed class TableToStreamTombstoneTests
{
    [Fact]
    public void ToStream_DeletionOfAValueTypedTable_IsWrittenAsATombstoneAndSkippedByAggregations()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app", cacheBytes: 0));
        var stream = builder.Table<string, long>("t").ToStream();
        stream.To("out");
        stream.GroupByKey().Count(materialized: Materialized<string, long>.As("updates")).ToStream().To("update-counts");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic<string, byte[]?>("t");
        input.PipeInput("a", [0, 0, 0, 0, 0, 0, 0, 5], 1);
        input.PipeInput("a", null, 2);
        var output = driver.CreateOutputTopic<string, byte[]?>("out").ReadRecordsToList();
        Assert.Equal(2, output.Count);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 5 }, output[0].Value);
        Assert.Null(output[1].Value); // a tombstone, as Kafka writes (not the long 0)
        Assert.Equal(2, output[1].Timestamp);
        // The deletion is a null value downstream: the count skips it (Kafka's aggregations skip null values).
        Assert.Equal([1L], driver.CreateOutputTopic<string, long>("update-counts").ReadRecordsToList().Select(r => r.Value));
    }
}
