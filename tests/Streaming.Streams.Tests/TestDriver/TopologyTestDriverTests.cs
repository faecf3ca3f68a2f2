using Streaming.Streams.Kstream;
using Streaming.Streams.Processor;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.TestDriver;

public sealed class TopologyTestDriverTests
{
    private sealed class StreamTimeProcessor : IProcessor<string, string, string, long>
    {
        private IProcessorContext<string, long>? _context;

        public void Init(IProcessorContext<string, long> context) => _context = context;

        public void Process(Record<string, string> record) => _context!.Forward(record.WithValue(_context.CurrentStreamTimeMs));
    }

    [Fact]
    public void StreamTime_PerTask_AdvancesOnlyWithThatTasksRecords()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("a").Process(() => new StreamTimeProcessor()).To("a-out");
        builder.Stream<string, string>("b").Process(() => new StreamTimeProcessor()).To("b-out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic<string, string>("a").PipeInput("k", "v", 100);
        driver.CreateInputTopic<string, string>("a").PipeInput("k", "v", 50);
        driver.CreateInputTopic<string, string>("b").PipeInput("k", "v", 7);

        Assert.Equal([100L, 100L], driver.CreateOutputTopic<string, long>("a-out").ReadKeyValuesToList().Select(kv => kv.Value));
        Assert.Equal([7L], driver.CreateOutputTopic<string, long>("b-out").ReadKeyValuesToList().Select(kv => kv.Value));
    }

    [Fact]
    public void CreateInputTopic_TopicNotInTopology_Throws()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        Assert.Contains("'nope' is not read by the topology", Assert.Throws<ArgumentException>(() => driver.CreateInputTopic<string, string>("nope")).Message);
    }

    [Fact]
    public void PipeInput_NegativeExtractedTimestamp_ThrowsStreamsException()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream("in", Consumed<string, string>.With((_, _, _, _) => -1)).To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        Assert.Contains("invalid (negative) timestamp -1", Assert.Throws<StreamsException>(() => driver.CreateInputTopic<string, string>("in").PipeInput("k", "v", 1)).Message);
    }

    [Fact]
    public void PipeInput_ProcessorThrows_WrapsWithTaskAndOffset()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").Foreach((_, _) => throw new InvalidOperationException("boom"));
        using var driver = new TopologyTestDriver(builder.Build());

        var ex = Assert.Throws<StreamsException>(() => driver.CreateInputTopic<string, string>("in").PipeInput("k", "v", 1));

        Assert.Contains("task 0_0 processing topic=in partition=0 offset=0: boom", ex.Message);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
    }

    [Fact]
    public void PipeInput_WithoutTimestamp_UsesWallClock()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").To("out");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { InitialWallClockTime = DateTimeOffset.FromUnixTimeMilliseconds(1234) });

        driver.CreateInputTopic<string, string>("in").PipeInput("k", "v");

        Assert.Equal(1234, driver.CreateOutputTopic<string, string>("out").ReadRecord().Timestamp);
    }

    [Fact]
    public void ReadRecord_EmptyTopic_Throws()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        Assert.Throws<InvalidOperationException>(() => driver.CreateOutputTopic<string, string>("out").ReadRecord());
    }

    [Fact]
    public void GetKeyValueStore_WrongTypes_Throws()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").GroupByKey().Count(materialized: Materialized<string, long>.As("c"));
        using var driver = new TopologyTestDriver(builder.Build());

        Assert.Throws<InvalidOperationException>(() => driver.GetKeyValueStore<string, string>("c"));
        Assert.Throws<ArgumentException>(() => driver.GetKeyValueStore<string, long>("nope"));
    }
}
