using Streaming.Streams.Kstream;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Tests;

public sealed class TopologyValidationTests
{
    private sealed class Pass<TKey, TValue> : IProcessor<TKey, TValue, TKey, TValue>
    {
        public void Process(Record<TKey, TValue> record) { }
    }

    [Fact]
    public void Build_CycleBetweenProcessors_ThrowsNamingTheCycle()
    {
        TopologyBuilder builder = new TopologyBuilder(TestConfig.Create())
            .AddSource<string, string>("source", "in")
            .AddProcessor("a", () => new Pass<string, string>(), "source", "c")
            .AddProcessor("b", () => new Pass<string, string>(), "a")
            .AddProcessor("c", () => new Pass<string, string>(), "b");

        var ex = Assert.Throws<TopologyException>(builder.Build);

        Assert.Contains("cycle through processors", ex.Message);
        Assert.Contains("a <- c <- b <- a", ex.Message);
    }

    [Fact]
    public void Build_UnknownStoreName_Throws()
    {
        TopologyBuilder builder = new TopologyBuilder(TestConfig.Create())
            .AddSource<string, string>("source", "in")
            .AddProcessor("p", () => new Pass<string, string>(), "source")
            .ConnectProcessorAndStateStores("p", "missing");

        var ex = Assert.Throws<TopologyException>(builder.Build);

        Assert.Equal("Invalid topology: processor 'p' uses unknown store 'missing'", ex.Message);
    }

    [Fact]
    public void Build_DslProcessWithUnknownStore_Throws()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").Process(() => new Pass<string, string>(), Named.As("p"), "nope");

        Assert.Contains("uses unknown store 'nope'", Assert.Throws<TopologyException>(builder.Build).Message);
    }

    [Fact]
    public void Build_SinkOfInterfaceTypeWithoutSerde_ThrowsNamingTheSink()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").MapValues(v => (IComparable)v).To("out");

        var ex = Assert.Throws<TopologyException>(builder.Build);

        Assert.Contains("no serde for the value of sink 'KSTREAM-SINK-0000000002' (topic 'out')", ex.Message);
        Assert.Contains("IComparable", ex.Message);
    }

    [Fact]
    public void Build_StoreOfObjectValueWithoutSerde_ThrowsAndWithSerdeBuilds()
    {
        var failing = new StreamsBuilder(TestConfig.Create());
        failing.Stream<string, string>("in").GroupByKey().Aggregate<object>(() => "", (_, v, _) => v, materialized: Materialized<string, object>.As("objs"));
        Assert.Contains("no serde for the value of store 'objs'", Assert.Throws<TopologyException>(failing.Build).Message);

        var working = new StreamsBuilder(TestConfig.Create());
        working.Stream<string, string>("in").GroupByKey().Aggregate<object>(() => "", (_, v, _) => v,
            materialized: Materialized<string, object>.As("objs").WithValueSerde(new Serde<object>(new JsonSerializer<object>(), new JsonDeserializer<object>())));
        Assert.NotNull(working.Build());
    }

    [Fact]
    public void Build_TwoGroupingsWithOneRepartitionName_Throws()
    {
        var builder = new StreamsBuilder(TestConfig.Create("dup"));
        KStream<string, string> rekeyed = builder.Stream<string, string>("in").SelectKey((_, v) => v);
        rekeyed.GroupByKey(Grouped<string, string>.As("same")).Count();
        rekeyed.GroupByKey(Grouped<string, string>.As("same")).Reduce((a, b) => a + b);

        var ex = Assert.Throws<TopologyException>(builder.Build);

        Assert.Contains("two repartition topics are named 'dup-same-repartition'", ex.Message);
    }

    [Fact]
    public void Build_ParentForwardsOtherTypes_Throws()
    {
        TopologyBuilder builder = new TopologyBuilder(TestConfig.Create())
            .AddSource<string, string>("source", "in")
            .AddProcessor("p", () => new Pass<string, int>(), "source");

        Assert.Contains("takes <String, Int32> but its parent 'source' forwards <String, String>", Assert.Throws<TopologyException>(builder.Build).Message);
    }

    [Fact]
    public void Build_UnknownParent_Throws()
    {
        TopologyBuilder builder = new TopologyBuilder(TestConfig.Create())
            .AddSource<string, string>("source", "in")
            .AddSink<string, string>("sink", "out", null, null, "nowhere");

        Assert.Contains("sink 'sink' has an unknown parent 'nowhere'", Assert.Throws<TopologyException>(builder.Build).Message);
    }

    [Fact]
    public void Build_TopicReadByTwoSources_Throws()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in");
        builder.Stream<string, string>("in");

        Assert.Contains("topic 'in' is read by two sources", Assert.Throws<TopologyException>(builder.Build).Message);
    }

    [Fact]
    public void Add_DuplicateProcessorOrStoreName_Throws()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        KStream<string, string> s = builder.Stream<string, string>("in");
        s.Filter((_, _) => true, Named.As("f"));
        Assert.Throws<TopologyException>(() => s.Filter((_, _) => true, Named.As("f")));

        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("s"), Serdes.String, Serdes.String));
        Assert.Throws<TopologyException>(() => builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("s"), Serdes.String, Serdes.String)));
    }

    [Fact]
    public void Named_InvalidCharacters_Throws()
        => Assert.Contains("only [a-zA-Z0-9._-] are allowed", Assert.Throws<TopologyException>(() => Named.As("a b")).Message);

    [Fact]
    public void Build_LaterBuilderChanges_DoNotAffectBuiltTopology()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        BranchedKStream<string, string> split = builder.Stream<string, string>("in").Split();
        split.Branch((_, v) => v == "a");
        Topology first = builder.Build();

        split.Branch((_, v) => v == "b");
        builder.Stream<string, string>("other").To("out");

        Assert.Equal(3, first.Describe().Subtopologies[0].Nodes.Count);
        Assert.Equal(["in"], first.SourceTopics);
    }
}
