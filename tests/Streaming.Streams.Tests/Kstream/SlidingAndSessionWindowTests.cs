using Streaming.Streams.Kstream;
using Streaming.Streams.State;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.Kstream;

public sealed class SlidingAndSessionWindowTests
{
    private static (string Key, long Start, long End, T Value, long Timestamp) R<T>(string key, long start, long end, T value, long timestamp)
        => (key, start, end, value, timestamp);

    private static List<(string Key, long Start, long End, T Value, long Timestamp)> Read<T>(TestOutputTopic<Windowed<string>, T> topic)
        => [.. topic.ReadRecordsToList().Select(r => (r.Key.Key, r.Key.Window.Start, r.Key.Window.End, r.Value, r.Timestamp))];

    private static TopologyTestDriver SlidingCount(StoreType storeType, long graceMs)
    {
        var builder = new StreamsBuilder(TestConfig.Create("slide", store: storeType));
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(graceMs)))
            .Count(materialized: Materialized<string, long>.As("sliding").WithCachingDisabled())
            .ToStream().To("out");
        return new TopologyTestDriver(builder.Build());
    }

    [Theory]
    [InlineData(StoreType.InMemory)]
    [InlineData(StoreType.RocksDb)]
    public void SlidingCount_InOrderAndOutOfOrder_CreatesLeftAndRightWindowsAsKafka(StoreType storeType)
    {
        using TopologyTestDriver driver = SlidingCount(storeType, graceMs: 100);
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");
        var output = driver.CreateOutputTopic("out", WindowedSerdes.TimeWindowedSerde(Serdes.String, 10).Deserializer, Deserializers.Int64);

        input.PipeInput("a", "v", 10);
        // Its left window only.
        Assert.Equal([R("a", 0, 10, 1L, 10)], Read(output));

        input.PipeInput("a", "v", 15);
        // The right window of 10 (holding 15 alone), then 15's left window [5,15] seeded with 10's.
        Assert.Equal([R("a", 11, 21, 1L, 15), R("a", 5, 15, 2L, 15)], Read(output));

        input.PipeInput("a", "v", 12);
        // 12 falls into [5,15] and [11,21]; its left window [2,12] holds 10 and 12; its right window [13,23] holds 15.
        Assert.Equal([R("a", 5, 15, 3L, 15), R("a", 11, 21, 2L, 15), R("a", 2, 12, 2L, 12), R("a", 13, 23, 1L, 15)], Read(output));

        // Every window's count is the number of records within its bounds (inclusive).
        long[] times = [10, 15, 12];
        foreach (KeyValuePair<Windowed<string>, long> w in driver.GetWindowStore<string, long>("sliding").All())
            Assert.Equal(times.Count(t => t >= w.Key.Window.Start && t <= w.Key.Window.End), w.Value);
    }

    [Fact]
    public void SlidingCount_EarlyRecords_ShareTheWindowFromZero()
    {
        using TopologyTestDriver driver = SlidingCount(StoreType.InMemory, graceMs: 100);
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");
        var output = driver.CreateOutputTopic("out", WindowedSerdes.TimeWindowedSerde(Serdes.String, 10).Deserializer, Deserializers.Int64);

        input.PipeInput("a", "v", 3);
        input.PipeInput("a", "v", 6);

        Assert.Equal([R("a", 0, 10, 1L, 3), R("a", 4, 14, 1L, 6), R("a", 0, 10, 2L, 6)], Read(output));
    }

    [Fact]
    public void SlidingCount_RecordAfterGrace_IsDroppedAndCounted()
    {
        using TopologyTestDriver driver = SlidingCount(StoreType.InMemory, graceMs: 0);
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("a", "v", 100);
        input.PipeInput("a", "v", 80); // even its right window [81,91] closed before 100

        Assert.Equal(1, driver.DroppedRecordsTotal);
        Assert.DoesNotContain(driver.GetWindowStore<string, long>("sliding").All(), w => w.Key.Window.End == 80);
    }

    private static TopologyTestDriver SessionReduce(StoreType storeType, bool caching = false)
    {
        var builder = new StreamsBuilder(TestConfig.Create("sess", store: storeType));
        var materialized = Materialized<string, string>.As("sessions");
        if (!caching) materialized = materialized.WithCachingDisabled();
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20)))
            .Reduce((a, b) => a + "+" + b, materialized: materialized)
            .ToStream().To("out");
        return new TopologyTestDriver(builder.Build());
    }

    [Theory]
    [InlineData(StoreType.InMemory)]
    [InlineData(StoreType.RocksDb)]
    public void SessionReduce_MergeSplitAndLate_ForwardsTombstonesForMergedSessions(StoreType storeType)
    {
        using TopologyTestDriver driver = SessionReduce(storeType);
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");
        var output = driver.CreateOutputTopic("out", WindowedSerdes.SessionWindowedSerde(Serdes.String).Deserializer, Deserializers.Utf8);

        input.PipeInput("a", "x", 0);
        input.PipeInput("a", "y", 10);  // within the gap (inclusive): extends [0,0] to [0,10]
        input.PipeInput("a", "z", 30);  // more than the gap after 10: a new session
        input.PipeInput("a", "w", 21);  // 11 after 10 and 9 before 30: joins [30,30] only
        input.PipeInput("b", "q", 45);  // another key moves stream time to 45 (close time 25)
        input.PipeInput("a", "late", 1); // would merge into [0,10], which ended before 25: dropped

        Assert.Equal(
        [
            R<string?>("a", 0, 0, "x", 0),
            R<string?>("a", 0, 0, null, 0), R<string?>("a", 0, 10, "x+y", 10),
            R<string?>("a", 30, 30, "z", 30),
            R<string?>("a", 30, 30, null, 30), R<string?>("a", 21, 30, "z+w", 30),
            R<string?>("b", 45, 45, "q", 45),
        ], Read(output));
        Assert.Equal(1, driver.DroppedRecordsTotal);
        ISessionStore<string, string> store = driver.GetSessionStore<string, string>("sessions");
        // Retention is gap + grace (30 ms) from the newest session end (45): [0,10] has expired.
        Assert.Equal([new Windowed<string>("a", new Window(21, 30))], store.Fetch("a").Select(s => s.Key));
        Assert.True(store.TryFetchSession("a", 21, 30, out string? merged));
        Assert.Equal("z+w", merged);
    }

    [Fact]
    public void SessionAggregate_RecordBridgingTwoSessions_MergesThemWithTheMerger()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10)))
            .Aggregate(() => 0L, (_, v, agg) => agg + long.Parse(v, System.Globalization.CultureInfo.InvariantCulture), (_, a, b) => a + b,
                materialized: Materialized<string, long>.As("s").WithCachingDisabled())
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("k", "1", 0);
        input.PipeInput("k", "10", 10);
        input.PipeInput("k", "100", 5); // 5 from both: bridges [0,0] and [10,10]

        var store = driver.GetSessionStore<string, long>("s");
        Assert.Equal([new KeyValuePair<Windowed<string>, long>(new("k", new Window(0, 10)), 111)], store.Fetch("k").ToList());
        var records = driver.CreateOutputTopic("out", WindowedSerdes.SessionWindowedSerde(Serdes.String).Deserializer, Deserializers.Int64).ReadRecordsToList();
        Assert.Equal((0L, 10L, 111L, 10L), (records[^1].Key.Window.Start, records[^1].Key.Window.End, records[^1].Value, records[^1].Timestamp));
    }

    [Fact]
    public void SessionCount_Cached_MergedSessionNeverFlushedIsNotForwarded()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromMilliseconds(5)))
            .Count(materialized: Materialized<string, long>.As("s"))
            .ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { CommitAfterEachInput = false });
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("k", "v", 0);
        input.PipeInput("k", "v", 3);
        driver.AdvanceWallClockTime(TimeSpan.FromMinutes(1));

        var records = driver.CreateOutputTopic("out", WindowedSerdes.SessionWindowedSerde(Serdes.String).Deserializer, Deserializers.Int64).ReadRecordsToList();
        Assert.Equal([(0L, 3L, 2L, 3L)], records.Select(r => (r.Key.Window.Start, r.Key.Window.End, r.Value, r.Timestamp)));
    }
}
