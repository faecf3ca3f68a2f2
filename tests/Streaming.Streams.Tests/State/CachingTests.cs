using Streaming.Streams.Kstream;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.State;

public sealed class CachingTests
{
    private static KeyValuePair<TKey, TValue> KV<TKey, TValue>(TKey key, TValue value) => new(key, value);

    private static Topology CountTopology(long cacheBytes)
    {
        var builder = new StreamsBuilder(TestConfig.Create("cache", cacheBytes));
        builder.Stream<string, string>("in").GroupByKey().Count(materialized: Materialized<string, long>.As("counts")).ToStream().To("out");
        return builder.Build();
    }

    [Fact]
    public void Commit_SeveralUpdatesPerKeyBetweenCommits_ForwardsOnlyTheLastPerKey()
    {
        using var driver = new TopologyTestDriver(CountTopology(1024 * 1024), new TopologyTestDriverOptions { CommitAfterEachInput = false });
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");
        TestOutputTopic<string, long> output = driver.CreateOutputTopic<string, long>("out");
        TestOutputTopic<string, long> changelog = driver.CreateOutputTopic<string, long>("cache-counts-changelog");

        input.PipeInput("a", "1", 10);
        input.PipeInput("b", "1", 11);
        input.PipeInput("a", "2", 12);
        input.PipeInput("a", "3", 13);
        Assert.True(output.IsEmpty);
        Assert.True(changelog.IsEmpty);
        // Reads see the cached value before any flush.
        Assert.True(driver.GetKeyValueStore<string, long>("counts").TryGet("a", out long a));
        Assert.Equal(3, a);

        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(29));
        Assert.True(output.IsEmpty);
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));  // commit.interval.ms = 30 s

        List<TestRecord<string, long>> flushed = output.ReadRecordsToList();
        Assert.Equal([("b", 1L, 11L), ("a", 3L, 13L)], flushed.Select(r => (r.Key, r.Value, r.Timestamp)));
        Assert.Equal([KV("b", 1L), KV("a", 3L)], changelog.ReadKeyValuesToList());
    }

    [Fact]
    public void Put_ZeroCacheBytes_ForwardsEveryUpdate()
    {
        using var driver = new TopologyTestDriver(CountTopology(0), new TopologyTestDriverOptions { CommitAfterEachInput = false });
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("a", "1", 1);
        input.PipeInput("a", "2", 2);

        Assert.Equal([KV("a", 1L), KV("a", 2L)], driver.CreateOutputTopic<string, long>("out").ReadKeyValuesToList());
    }

    [Fact]
    public void Put_CacheOverBudget_EvictsByFlushingDirtyEntries()
    {
        // Each entry costs key (1) + value (8-byte timestamp + 8-byte count) + 64 bytes = 81 bytes: two fit in 170, the third
        // forces an eviction (and a flush).
        using var driver = new TopologyTestDriver(CountTopology(170), new TopologyTestDriverOptions { CommitAfterEachInput = false });
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");
        TestOutputTopic<string, long> output = driver.CreateOutputTopic<string, long>("out");

        input.PipeInput("a", "1", 1);
        input.PipeInput("a", "1", 2);
        input.PipeInput("b", "1", 3);
        Assert.True(output.IsEmpty);
        input.PipeInput("c", "1", 4);

        Assert.Equal([KV("a", 2L), KV("b", 1L), KV("c", 1L)], output.ReadKeyValuesToList());
    }

    [Fact]
    public void Dispose_PendingCachedUpdates_AreFlushed()
    {
        var driver = new TopologyTestDriver(CountTopology(1024 * 1024), new TopologyTestDriverOptions { CommitAfterEachInput = false });
        TestOutputTopic<string, long> output = driver.CreateOutputTopic<string, long>("out");
        driver.CreateInputTopic<string, string>("in").PipeInput("a", "1", 1);
        Assert.True(output.IsEmpty);

        driver.Dispose();

        Assert.Equal([KV("a", 1L)], output.ReadKeyValuesToList());
    }
}
