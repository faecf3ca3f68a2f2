using Streaming.Streams.Processor;
using Streaming.Streams.State;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.Processor;

public sealed class ProcessorApiTests
{
    private static KeyValuePair<TKey, TValue> KV<TKey, TValue>(TKey key, TValue value) => new(key, value);

    /// <summary>Sums values per key in a store; on each punctuation emits every sum and the punctuation's time.</summary>
    private sealed class SumProcessor(PunctuationType type, TimeSpan interval) : IProcessor<string, int, string, string>
    {
        private IProcessorContext<string, string>? _context;
        private IKeyValueStore<string, int>? _sums;

        public void Init(IProcessorContext<string, string> context)
        {
            _context = context;
            _sums = context.GetStateStore<IKeyValueStore<string, int>>("sums");
            context.Schedule(interval, type, now =>
            {
                foreach (KeyValuePair<string, int> kv in _sums.All()) context.Forward(new Record<string, string>(kv.Key, $"{kv.Value}@{now}", now));
            });
        }

        public void Process(Record<string, int> record)
        {
            _sums!.Put(record.Key, (_sums.TryGet(record.Key, out int sum) ? sum : 0) + record.Value);
        }
    }

    private static Topology SumTopology(PunctuationType type, TimeSpan interval)
        => new TopologyBuilder(TestConfig.Create("sum"))
            .AddSource<string, int>("source", "in")
            .AddProcessor("sum", () => new SumProcessor(type, interval), "source")
            .AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("sums"), Serdes.String, Serdes.Int32), "sum")
            .AddSink<string, string>("sink", "out", null, null, "sum")
            .Build();

    [Fact]
    public void Schedule_StreamTime_FiresWhenRecordTimestampsCrossIntervals()
    {
        using var driver = new TopologyTestDriver(SumTopology(PunctuationType.StreamTime, TimeSpan.FromMilliseconds(10)));
        TestInputTopic<string, int> input = driver.CreateInputTopic<string, int>("in");
        TestOutputTopic<string, string> output = driver.CreateOutputTopic<string, string>("out");

        input.PipeInput("a", 1, 0);   // aligned to 0: the first record fires it at once
        Assert.Equal([KV("a", "1@0")], output.ReadKeyValuesToList());
        input.PipeInput("a", 2, 5);   // next due at 10
        Assert.True(output.IsEmpty);
        input.PipeInput("b", 3, 3);   // out of order: stream time stays 5
        Assert.True(output.IsEmpty);
        input.PipeInput("a", 4, 27);  // 10 and 20 were missed: fires once, next due at 30
        Assert.Equal([KV("a", "7@27"), KV("b", "3@27")], output.ReadKeyValuesToList());
        driver.AdvanceWallClockTime(TimeSpan.FromHours(1));  // the wall clock does not drive stream time
        input.PipeInput("a", 1, 29);
        Assert.True(output.IsEmpty);
        input.PipeInput("a", 1, 30);
        Assert.Equal([KV("a", "9@30"), KV("b", "3@30")], output.ReadKeyValuesToList());
    }

    [Fact]
    public void Schedule_WallClockTime_FiresOnlyWhenTheClockAdvances()
    {
        using var driver = new TopologyTestDriver(SumTopology(PunctuationType.WallClockTime, TimeSpan.FromSeconds(1)),
            new TopologyTestDriverOptions { InitialWallClockTime = DateTimeOffset.FromUnixTimeMilliseconds(5000) });
        TestInputTopic<string, int> input = driver.CreateInputTopic<string, int>("in");
        TestOutputTopic<string, string> output = driver.CreateOutputTopic<string, string>("out");

        input.PipeInput("a", 1, 1_000_000);
        Assert.True(output.IsEmpty);
        driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(999));
        Assert.True(output.IsEmpty);
        driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(1));
        Assert.Equal([KV("a", "1@6000")], output.ReadKeyValuesToList());
        driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(2500));
        Assert.Equal([KV("a", "1@8500")], output.ReadKeyValuesToList());
        driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(500));
        Assert.Equal([KV("a", "1@9000")], output.ReadKeyValuesToList());
    }

    private sealed class CancelOnSecondProcessor : IProcessor<string, string, string, string>
    {
        private ICancellable? _schedule;
        private int _fired;
        private int _seen;
        private IProcessorContext<string, string>? _context;

        public void Init(IProcessorContext<string, string> context)
        {
            _context = context;
            _schedule = context.Schedule(TimeSpan.FromMilliseconds(1), PunctuationType.StreamTime, now => context.Forward(new Record<string, string>("tick", $"{++_fired}", now)));
        }

        public void Process(Record<string, string> record)
        {
            if (++_seen == 2) _schedule!.Cancel();
        }
    }

    [Fact]
    public void Cancel_ScheduledPunctuation_NeverFiresAgain()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").Process(() => new CancelOnSecondProcessor()).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        for (int t = 0; t < 5; t++) input.PipeInput("k", "v", t);

        Assert.Equal(["1"], driver.CreateOutputTopic<string, string>("out").ReadKeyValuesToList().Select(kv => kv.Value));
    }

    private sealed class MetadataProcessor : IProcessor<string, string, string, string>
    {
        private IProcessorContext<string, string>? _context;

        public void Init(IProcessorContext<string, string> context) => _context = context;

        public void Process(Record<string, string> record)
        {
            RecordMetadata m = _context!.RecordMetadata!.Value;
            record.Headers.Add("seen", "yes");
            _context.Forward(record.WithValue($"{m.Topic}/{m.Partition}/{m.Offset}/{record.Timestamp}/{_context.TaskId}/{_context.ApplicationId}").WithTimestamp(record.Timestamp + 1), "sink");
        }
    }

    [Fact]
    public void Context_RecordMetadata_GivesTopicPartitionOffsetAndForwardsToNamedChild()
    {
        Topology topology = new TopologyBuilder(TestConfig.Create("meta"))
            .AddSource<string, string>("source", "in")
            .AddProcessor("meta", () => new MetadataProcessor(), "source")
            .AddSink<string, string>("sink", "out", null, null, "meta")
            .AddSink<string, string>("other", "other", null, null, "meta")
            .Build();
        using var driver = new TopologyTestDriver(topology);
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("k", "a", 40);
        input.PipeInput("k", "b", 50);

        List<TestRecord<string, string>> output = driver.CreateOutputTopic<string, string>("out").ReadRecordsToList();
        Assert.Equal(["in/0/0/40/0_0/meta", "in/0/1/50/0_0/meta"], output.Select(r => r.Value));
        Assert.Equal([41L, 51L], output.Select(r => r.Timestamp));
        Assert.True(output[0].Headers.TryGetLastBytes("seen", out _));
        Assert.True(driver.CreateOutputTopic<string, string>("other").IsEmpty);
    }

    private sealed class DedupProcessor : IFixedKeyProcessor<string, string, string>
    {
        private IFixedKeyProcessorContext<string, string>? _context;
        private IKeyValueStore<string, string>? _last;

        public void Init(IFixedKeyProcessorContext<string, string> context)
        {
            _context = context;
            _last = context.GetStateStore<IKeyValueStore<string, string>>("last");
        }

        public void Process(FixedKeyRecord<string, string> record)
        {
            if (_last!.TryGet(record.Key, out string previous) && previous == record.Value) return;
            _last.Put(record.Key, record.Value);
            _context!.Forward(record.WithValue(record.Value.ToUpperInvariant()));
        }
    }

    [Fact]
    public void ProcessValues_WithStore_DeduplicatesAndKeepsKeysWithoutRepartition()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.PersistentKeyValueStore("last"), Serdes.String, Serdes.String));
        builder.Stream<string, string>("in").ProcessValues(() => new DedupProcessor(), Named.As("dedup"), "last").GroupByKey().Count().ToStream().To("out");
        Topology topology = builder.Build();
        Assert.Empty(topology.RepartitionTopics);
        using var driver = new TopologyTestDriver(topology);
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        foreach (string v in new[] { "x", "x", "y", "y", "x" }) input.PipeInput("k", v, 0);

        Assert.Equal([1L, 2L, 3L], driver.CreateOutputTopic<string, long>("out").ReadKeyValuesToList().Select(kv => kv.Value));
    }

    private sealed class SwapProcessor : IProcessor<string, string, string, string>
    {
        private IProcessorContext<string, string>? _context;

        public void Init(IProcessorContext<string, string> context) => _context = context;

        public void Process(Record<string, string> record) => _context!.Forward(new Record<string, string>(record.Value, record.Key, record.Timestamp));
    }

    [Fact]
    public void Process_KeyChangingProcessorBeforeGrouping_Repartitions()
    {
        var builder = new StreamsBuilder(TestConfig.Create("p"));
        builder.Stream<string, string>("in").Process(() => new SwapProcessor()).GroupByKey().Count().ToStream().To("out");
        Topology topology = builder.Build();
        Assert.Single(topology.RepartitionTopics);
        using var driver = new TopologyTestDriver(topology);

        driver.CreateInputTopic<string, string>("in").PipeInput("a", "b", 0);

        Assert.Equal([KV("b", 1L)], driver.CreateOutputTopic<string, long>("out").ReadKeyValuesToList());
    }

    [Fact]
    public void GetStateStore_StoreNotConnected_ThrowsWhenProcessorStarts()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("last"), Serdes.String, Serdes.String));
        builder.Stream<string, string>("in").ProcessValues(() => new DedupProcessor());

        var ex = Assert.Throws<StreamsException>(() => new TopologyTestDriver(builder.Build()));
        Assert.Contains("has no access to store 'last'", ex.Message);
    }
}
