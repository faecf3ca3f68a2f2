using Streaming.Streams.Kstream;
using Streaming.Streams.State;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.Kstream;

public sealed class WindowedAggregationTests
{
    private static readonly IDeserializer<Windowed<string>> Size10 = WindowedSerdes.TimeWindowedSerde(Serdes.String, 10).Deserializer;

    private static (string Key, long Start, long End, T Value, long Timestamp) R<T>(string key, long start, long end, T value, long timestamp)
        => (key, start, end, value, timestamp);

    private static List<(string Key, long Start, long End, T Value, long Timestamp)> Read<T>(TestOutputTopic<Windowed<string>, T> topic)
        => [.. topic.ReadRecordsToList().Select(r => (r.Key.Key, r.Key.Window.Start, r.Key.Window.End, r.Value, r.Timestamp))];

    [Theory]
    [InlineData(StoreType.InMemory)]
    [InlineData(StoreType.RocksDb)]
    public void TumblingCount_BoundariesGraceAndLateRecords_CountsPerWindowAndDropsAfterGrace(StoreType storeType)
    {
        var builder = new StreamsBuilder(TestConfig.Create("tumble", store: storeType));
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(5)))
            .Count(materialized: Materialized<string, long>.As("counts"))
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");
        TestOutputTopic<Windowed<string>, long> output = driver.CreateOutputTopic("out", Size10, Deserializers.Int64);

        input.PipeInput("a", "v", 0);   // at the window start
        input.PipeInput("a", "v", 9);   // last ms of [0,10)
        input.PipeInput("a", "v", 10);  // at the end: the next window
        input.PipeInput("a", "v", 14);
        input.PipeInput("a", "v", 3);   // stream time 14, [0,10) open until 15: within grace
        input.PipeInput("a", "v", 15);  // stream time 15 closes [0,10)
        Assert.Equal(0, driver.DroppedRecordsTotal);
        input.PipeInput("a", "v", 4);   // after grace: dropped and counted

        Assert.Equal(
        [
            R("a", 0, 10, 1L, 0), R("a", 0, 10, 2L, 9), R("a", 10, 20, 1L, 10), R("a", 10, 20, 2L, 14),
            R("a", 0, 10, 3L, 9), R("a", 10, 20, 3L, 15),
        ], Read(output));
        Assert.Equal(1, driver.DroppedRecordsTotal);
        IWindowStore<string, long> store = driver.GetWindowStore<string, long>("counts");
        Assert.True(store.TryFetch("a", 0, out long count));
        Assert.Equal(3, count);
        Assert.Equal([new KeyValuePair<long, long>(0, 3), new(10, 3)], store.Fetch("a", 0, 100).ToList());
        Assert.Equal(9, driver.GetTimestampedWindowStore<string, long>("counts").Fetch("a", 0, 0).Single().Value.Timestamp);
    }

    [Fact]
    public void HoppingCount_RecordInOverlappingWindows_CountsInEach()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)).AdvanceBy(TimeSpan.FromMilliseconds(5)))
            .Count(materialized: Materialized<string, long>.As("hop").WithCachingDisabled())
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("a", "v", 7);
        input.PipeInput("a", "v", 12);
        input.PipeInput("b", "v", 3); // only in [0,10) (windows start at 0), closed at stream time 12: dropped

        Assert.Equal(
        [
            R("a", 0, 10, 1L, 7), R("a", 5, 15, 1L, 7),
            R("a", 5, 15, 2L, 12), R("a", 10, 20, 1L, 12),
        ], Read(driver.CreateOutputTopic("out", Size10, Deserializers.Int64)));
        Assert.Equal(1, driver.DroppedRecordsTotal);
    }

    [Fact]
    public void TumblingReduceAndAggregate_Values_FoldPerWindow()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        KGroupedStream<string, string> grouped = builder.Stream<string, string>("in").GroupByKey();
        TimeWindows windows = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10));
        grouped.WindowedBy(windows).Reduce((a, b) => a + b, materialized: Materialized<string, string>.As("r").WithCachingDisabled()).ToStream().To("reduced");
        grouped.WindowedBy(windows).Aggregate(() => "init", (k, v, agg) => $"{agg}|{k}{v}", materialized: Materialized<string, string>.As("g").WithCachingDisabled())
            .ToStream().To("aggregated");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("k", "1", 1);
        input.PipeInput("k", "2", 2);
        input.PipeInput("k", "3", 11);

        Assert.Equal([R("k", 0, 10, "1", 1), R("k", 0, 10, "12", 2), R("k", 10, 20, "3", 11)],
            Read(driver.CreateOutputTopic("reduced", Size10, Deserializers.Utf8!)));
        Assert.Equal([R("k", 0, 10, "init|k1", 1), R("k", 0, 10, "init|k1|k2", 2), R("k", 10, 20, "init|k3", 11)],
            Read(driver.CreateOutputTopic("aggregated", Size10, Deserializers.Utf8!)));
    }

    [Fact]
    public void WindowedCount_Changelog_HasKafkasWindowKeyLayoutAndRecordTimestamps()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)))
            .Count(materialized: Materialized<string, long>.As("c"));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic<string, string>("in").PipeInput("ab", "v", 17);

        TestRecord<byte[], long> record = driver.CreateOutputTopic<byte[], long>("app-c-changelog").ReadRecord();
        // "ab" + start 10 (8 bytes big-endian) + sequence number 0 (4 bytes); the value is the count alone, stamped with its timestamp.
        Assert.Equal([(byte)'a', (byte)'b', 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0], record.Key);
        Assert.Equal(1L, record.Value);
        Assert.Equal(17, record.Timestamp);
    }

    [Fact]
    public void WindowedCount_RetentionBelowSizePlusGrace_IsRejected()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        KGroupedStream<string, string> grouped = builder.Stream<string, string>("in").GroupByKey();

        var ex = Assert.Throws<TopologyException>(() => grouped.WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(5)))
            .Count(materialized: Materialized<string, long>.As("c").WithRetention(TimeSpan.FromMilliseconds(14))));
        Assert.Contains("'c'", ex.Message);
    }

    [Fact]
    public void WindowedCount_AfterGroupBy_RepartitionsFirst()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        builder.Stream<string, string>("in").GroupBy((_, v) => v)
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)))
            .Count(materialized: Materialized<string, long>.As("c"))
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("1", "x", 1);
        input.PipeInput("2", "x", 2);

        Assert.Equal([R("x", 0, 10, 1L, 1), R("x", 0, 10, 2L, 2)], Read(driver.CreateOutputTopic("out", Size10, Deserializers.Int64)));
        Assert.Equal(2, driver.CreateOutputTopic<string, string>("app-c-repartition").QueueSize);
    }
}
