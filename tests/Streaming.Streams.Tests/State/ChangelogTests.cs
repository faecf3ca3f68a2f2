using Streaming.Streams.Kstream;
using Streaming.Streams.Processor;
using Streaming.Streams.State;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.State;

public sealed class ChangelogTests
{
    private sealed class WriteThroughProcessor : IProcessor<string, string?, string, string>
    {
        private IKeyValueStore<string, string>? _store;

        public void Init(IProcessorContext<string, string> context) => _store = context.GetStateStore<IKeyValueStore<string, string>>("kv");

        public void Process(Record<string, string?> record)
        {
            if (record.Value is null) _store!.Delete(record.Key, out _);
            else _store!.Put(record.Key, record.Value);
        }
    }

    private static TopologyTestDriver Driver(bool logging)
    {
        var builder = new KeyValueStoreBuilder<string, string>(Stores.InMemoryKeyValueStore("kv"), Serdes.String, Serdes.String);
        if (!logging) builder.WithLoggingDisabled();
        Topology topology = new TopologyBuilder(TestConfig.Create("log"))
            .AddSource<string, string?>("source", "in")
            .AddProcessor("writer", () => new WriteThroughProcessor(), "source")
            .AddStateStore(builder, "writer")
            .Build();
        return new TopologyTestDriver(topology);
    }

    [Fact]
    public void PutAndDelete_LoggingEnabled_WritesChangelogRecordsWithRecordTimestamps()
    {
        using TopologyTestDriver driver = Driver(logging: true);
        TestInputTopic<string, string?> input = driver.CreateInputTopic<string, string?>("in");

        input.PipeInput("a", "1", 100);
        input.PipeInput("b", "2", 200);
        input.PipeInput("a", null, 300);

        List<TestRecord<string, string?>> changelog = driver.CreateOutputTopic<string, string?>("log-kv-changelog").ReadRecordsToList();
        Assert.Equal([("a", "1", 100L), ("b", "2", 200L), ("a", null, 300L)], changelog.Select(r => (r.Key, r.Value, r.Timestamp)));
    }

    [Fact]
    public void Put_LoggingDisabled_WritesNoChangelog()
    {
        using TopologyTestDriver driver = Driver(logging: false);

        driver.CreateInputTopic<string, string?>("in").PipeInput("a", "1", 100);

        Assert.DoesNotContain("log-kv-changelog", driver.ProducedTopicNames);
        Assert.True(driver.GetKeyValueStore<string, string>("kv").TryGet("a", out _));
    }

    [Fact]
    public void Materialized_LoggingDisabled_ListsNoChangelogTopic()
    {
        var builder = new StreamsBuilder(TestConfig.Create("t"));
        builder.Stream<string, string>("in").GroupByKey().Count(materialized: Materialized<string, long>.As("a").WithLoggingDisabled());
        builder.Stream<string, string>("in2").GroupByKey().Count(materialized: Materialized<string, long>.As("b"));

        Assert.Equal(["t-b-changelog"], builder.Build().ChangelogTopics);
    }
}
