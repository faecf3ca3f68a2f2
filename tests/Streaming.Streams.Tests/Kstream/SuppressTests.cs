using Streaming.Streams.Kstream;
using Streaming.Streams.State.Internal;
using Streaming.Streams.Tests.State;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.Kstream;

public sealed class SuppressTests
{
    private static readonly IDeserializer<Windowed<string>> Size10 = WindowedSerdes.TimeWindowedSerde(Serdes.String, 10).Deserializer;

    private static TopologyTestDriver FinalResults(bool caching = true)
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        var materialized = Materialized<string, long>.As("counts");
        if (!caching) materialized = materialized.WithCachingDisabled();
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(5)))
            .Count(materialized: materialized)
            .Suppress(Suppressed.UntilWindowCloses(BufferConfig.Unbounded()).WithName("final"))
            .ToStream().To("out");
        return new TopologyTestDriver(builder.Build());
    }

    [Fact]
    public void UntilWindowCloses_SessionWindows_EmitsASessionOnlyOnceItCanNoLongerGrow()
    {
        // A session closes at its end + inactivity gap + grace (it can be extended until then), as Kafka's suppression.
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromMinutes(5), TimeSpan.Zero))
            .Count()
            .Suppress(Suppressed.UntilWindowCloses(BufferConfig.Unbounded()))
            .ToStream()
            .To("out", Produced<Windowed<string>, long>.With(WindowedSerdes.SessionWindowedSerde(Serdes.String), Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");
        var output = driver.CreateOutputTopic("out", WindowedSerdes.SessionWindowedSerde(Serdes.String).Deserializer, Deserializers.Int64);

        input.PipeInput("u", "a", 0);
        input.PipeInput("v", "a", 60_000);
        input.PipeInput("u", "b", 120_000);     // extends u's session: [0, 120000]
        Assert.True(output.IsEmpty);
        input.PipeInput("v", "x", 3_600_000);   // closes both earlier sessions; its own is still open
        var emitted = output.ReadKeyValuesToList().Select(kv => $"{kv.Key.Key}@{kv.Key.Window.Start}/{kv.Key.Window.End}={kv.Value}").Order().ToList();
        Assert.Equal(["u@0/120000=2", "v@60000/60000=1"], emitted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UntilWindowCloses_Updates_EmitsExactlyOneFinalResultPerWindowWhenGraceEnds(bool caching)
    {
        using TopologyTestDriver driver = FinalResults(caching);
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");
        TestOutputTopic<Windowed<string>, long> output = driver.CreateOutputTopic("out", Size10, Deserializers.Int64);

        input.PipeInput("a", "v", 0);
        input.PipeInput("a", "v", 5);
        input.PipeInput("b", "v", 8);
        input.PipeInput("a", "v", 12);
        input.PipeInput("a", "v", 3);  // within grace: [0,10) closes at 15
        input.PipeInput("c", "v", 14);
        Assert.True(output.IsEmpty);

        input.PipeInput("c", "v", 15); // stream time 15 = end 10 + grace 5
        Assert.Equal([("a", 0L, 3L, 5L), ("b", 0L, 1L, 8L)], output.ReadRecordsToList().Select(r => (r.Key.Key, r.Key.Window.Start, r.Value, r.Timestamp)));

        input.PipeInput("a", "v", 4);  // too late: dropped by the aggregation, nothing more for [0,10)
        input.PipeInput("c", "v", 24);
        Assert.True(output.IsEmpty);
        input.PipeInput("d", "v", 25);
        Assert.Equal([("a", 10L, 1L, 12L), ("c", 10L, 2L, 15L)], output.ReadRecordsToList().Select(r => (r.Key.Key, r.Key.Window.Start, r.Value, r.Timestamp)));
        Assert.Equal(1, driver.DroppedRecordsTotal);
    }

    [Fact]
    public void UntilWindowCloses_BufferChangelog_RestoresTheBufferedRecords()
    {
        List<TestRecord<byte[], byte[]>> changelog;
        using (TopologyTestDriver driver = FinalResults())
        {
            TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");
            input.PipeInput("a", "v", 1);
            input.PipeInput("a", "v", 2);
            input.PipeInput("b", "v", 11);
            input.PipeInput("c", "v", 15); // emits [a@0/10]: its buffer entry is deleted (a tombstone)
            changelog = driver.CreateOutputTopic<byte[], byte[]>("app-final-store-changelog").ReadRecordsToList();
        }

        using var context = new TestStoreContext();
        var restored = new SuppressBufferStore("final-store", logging: true);
        restored.Init(context);
        IRestoreTarget target = StoreLayers.RestoreTarget(restored);
        foreach (TestRecord<byte[], byte[]> r in changelog) target.Restore(r.Key, r.Value, r.Value is null, r.Timestamp);
        target.EndRestoreBatch();

        // b and c in [10,20) remain, ordered by window end, then key; each with its latest count and timestamp.
        Assert.Equal(2, restored.Count);
        Serde<Windowed<string>> keys = WindowedSerdes.TimeWindowedSerde(Serdes.String, 10);
        SuppressBufferStore.Entry first = restored.EvictOldest(), second = restored.EvictOldest();
        Assert.Equal(("b", 20L, 1L, 11L), (keys.Deserializer.Deserialize(first.Key, false, default).Key, first.Time,
            Deserializers.Int64.Deserialize(first.NewValue, false, default), first.RecordTimestamp));
        Assert.Equal(("c", 20L, 1L, 15L), (keys.Deserializer.Deserialize(second.Key, false, default).Key, second.Time,
            Deserializers.Int64.Deserialize(second.NewValue, false, default), second.RecordTimestamp));
    }

    private static TopologyTestDriver TimeLimited(BufferConfig buffer)
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        builder.Stream<string, string>("in").GroupByKey()
            .Count(materialized: Materialized<string, long>.As("counts").WithCachingDisabled())
            .Suppress(Suppressed.UntilTimeLimit(TimeSpan.FromMilliseconds(10), buffer))
            .ToStream().To("out");
        return new TopologyTestDriver(builder.Build());
    }

    [Fact]
    public void UntilTimeLimit_Updates_EmitsLatestValueTimeLimitAfterFirstUpdate()
    {
        using TopologyTestDriver driver = TimeLimited(BufferConfig.MaxRecords(100));
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");
        TestOutputTopic<string, long> output = driver.CreateOutputTopic<string, long>("out");

        input.PipeInput("a", "v", 0);
        input.PipeInput("a", "v", 5);
        input.PipeInput("b", "v", 7);
        input.PipeInput("a", "v", 9);
        Assert.True(output.IsEmpty);
        input.PipeInput("c", "v", 10); // a was first buffered at 0: 0 <= 10 - 10
        Assert.Equal([("a", 3L, 9L)], output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp)));
        input.PipeInput("c", "v", 17);
        Assert.Equal([("b", 1L, 7L)], output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp)));
    }

    [Fact]
    public void UntilTimeLimit_BufferFullEmitEarly_EmitsOldestAtOnce()
    {
        using TopologyTestDriver driver = TimeLimited(BufferConfig.MaxRecords(1).EmitEarlyWhenFull());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");
        TestOutputTopic<string, long> output = driver.CreateOutputTopic<string, long>("out");

        input.PipeInput("a", "v", 0);
        input.PipeInput("a", "v", 1); // same key: still one record
        Assert.True(output.IsEmpty);
        input.PipeInput("b", "v", 2); // two records > 1: a goes early

        Assert.Equal([("a", 2L, 1L)], output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.Timestamp)));
    }

    [Fact]
    public void UntilTimeLimit_MaxBytesEmitEarly_EmitsWhenBytesExceeded()
    {
        // One entry: key (1 byte) + value (8 bytes) + overhead; two do not fit.
        using TopologyTestDriver driver = TimeLimited(BufferConfig.MaxBytes(SuppressBufferStore.EntryOverhead + 9));
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("a", "v", 0);
        input.PipeInput("b", "v", 1);

        Assert.Equal(["a"], driver.CreateOutputTopic<string, long>("out").ReadKeyValuesToList().Select(kv => kv.Key));
    }

    [Fact]
    public void UntilTimeLimit_BufferFullShutDown_FailsTheTask()
    {
        using TopologyTestDriver driver = TimeLimited(BufferConfig.MaxRecords(1).ShutDownWhenFull());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");
        input.PipeInput("a", "v", 0);

        var ex = Assert.Throws<StreamsException>(() => input.PipeInput("b", "v", 1));
        Assert.Contains("max capacity", ex.Message);
    }

    [Fact]
    public void UntilWindowCloses_NonWindowedTable_IsRejected()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        KTable<string, long> counts = builder.Stream<string, string>("in").GroupByKey().Count();

        Assert.Throws<TopologyException>(() => counts.Suppress(Suppressed.UntilWindowCloses(BufferConfig.Unbounded())));
        Assert.Throws<ArgumentException>(() => Suppressed.UntilWindowCloses(BufferConfig.MaxRecords(5)));
    }
}
