using Streaming.Streams.TestDriver;
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

    private sealed class Forwarding<TKey, TValue> : IProcessor<TKey, TValue, TKey, TValue>
    {
        private IProcessorContext<TKey, TValue>? _context;

        public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

        public void Process(Record<TKey, TValue> record) => _context!.Forward(record);
    }

    private sealed class ThrowingSerializer : ISerializer<string>
    {
        public void Serialize(string data, System.Buffers.IBufferWriter<byte> destination, SerializationContext context)
            => throw new FormatException($"cannot write '{data}'");
    }

    [Fact]
    public void Build_StoreUsedOnBothSidesOfRepartition_ThrowsNamingStoreProcessorsAndTopic()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("shared"), Serdes.String, Serdes.String));
        builder.Stream<string, string>("in")
            .Process(() => new Forwarding<string, string>(), Named.As("before"), "shared")
            .Repartition(Repartitioned<string, string>.As("r"))
            .Process(() => new Forwarding<string, string>(), Named.As("after"), "shared");

        var ex = Assert.Throws<TopologyException>(builder.Build);

        Assert.Equal("Invalid topology: store 'shared' is connected to processors 'before', 'after' on both sides of repartition topic 'app-r-repartition': " +
            "records before and after it are partitioned by different keys, so no task can own the store; give each side its own store", ex.Message);
    }

    [Fact]
    public void Build_StoreSharedByTwoUnrelatedSources_MergesThemIntoOneSubtopology()
    {
        // As Kafka: processors sharing a store run in one task, which reads both (co-partitioned) topics.
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("shared"), Serdes.String, Serdes.String));
        builder.Stream<string, string>("a").Process(() => new Forwarding<string, string>(), Named.As("pa"), "shared");
        builder.Stream<string, string>("b").Process(() => new Forwarding<string, string>(), Named.As("pb"), "shared");

        Assert.Single(builder.Build().Describe().Subtopologies);
    }

    [Fact]
    public void Build_TableGroupingValueWithoutSerde_ThrowsNamingRepartitionTopic()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        builder.Table<string, string>("in").GroupBy((k, v) => (k, (IComparable)v)).Count(materialized: Materialized<string, long>.As("c"));

        var ex = Assert.Throws<TopologyException>(builder.Build);

        Assert.Contains("no serde for the value of repartition topic 'app-c-repartition'", ex.Message);
        Assert.Contains("IComparable", ex.Message);
    }

    [Fact]
    public void Build_RepartitionAndGroupingWithOneName_ThrowsNamingTheTopic()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        KStream<string, string> stream = builder.Stream<string, string>("in");
        stream.Repartition(Repartitioned<string, string>.As("same")).To("out");
        stream.SelectKey((_, v) => v).GroupByKey(Grouped<string, string>.As("same")).Count();

        var ex = Assert.Throws<TopologyException>(builder.Build);

        Assert.Contains("two repartition topics are named 'app-same-repartition' (repartition 'same' after 'KSTREAM-SOURCE-0000000000' and grouping 'same'", ex.Message);
    }

    [Fact]
    public void GroupBy_TwoTableGroupingsWithOneName_ThrowsNamingTheProcessor()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        KTable<string, string> table = builder.Table<string, string>("in");
        table.GroupBy((k, v) => (v, k), Grouped<string, string>.As("g"));

        var ex = Assert.Throws<TopologyException>(() => table.GroupBy((k, v) => (k, v), Grouped<string, string>.As("g")));

        Assert.Equal("Invalid topology: processor 'g' is already added", ex.Message);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("ü")]
    public void To_InvalidTopicName_ThrowsNamingTheTopic(string topic)
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        KStream<string, string> stream = builder.Stream<string, string>("in");

        var ex = Assert.Throws<TopologyException>(() => stream.To(topic));

        Assert.Equal($"Invalid topology: topic '{topic}' is invalid: only [a-zA-Z0-9._-] are allowed", ex.Message);
    }

    [Fact]
    public void Stream_DotDotTopic_Throws()
        => Assert.Equal("Invalid topology: topic '..' is invalid: '.' and '..' are not allowed",
            Assert.Throws<TopologyException>(() => new StreamsBuilder(TestConfig.Create()).Stream<string, string>("..")).Message);

    [Fact]
    public void Names_InvalidStoreGroupingAndRepartitionNames_Throw()
    {
        Assert.Contains("name 'my store' is invalid", Assert.Throws<TopologyException>(() => Materialized<string, long>.As("my store")).Message);
        Assert.Contains("name 'g:1' is invalid", Assert.Throws<TopologyException>(() => Grouped<string, string>.As("g:1")).Message);
        Assert.Contains("name 'r*' is invalid", Assert.Throws<TopologyException>(() => Repartitioned<string, string>.As("r*")).Message);
        Assert.Contains("store name 's s' is invalid",
            Assert.Throws<TopologyException>(() => new TopologyBuilder(TestConfig.Create()).AddStateStore(new StoreBuilderNamed("s s"))).Message);
    }

    [Fact]
    public void Materialized_StoreNameMakingChangelogTopicTooLong_ThrowsNamingTheChangelog()
    {
        var builder = new StreamsBuilder(TestConfig.Create("app"));
        string store = new('s', 240);  // valid alone; "app-" + store + "-changelog" is 254 characters

        var ex = Assert.Throws<TopologyException>(() => builder.Stream<string, string>("in").GroupByKey().Count(materialized: Materialized<string, long>.As(store)));

        Assert.Contains($"topic 'app-{store}-changelog' is too long (254 characters): at most 249 are allowed", ex.Message);
    }

    [Fact]
    public void PipeInput_SerializerThrows_SurfacesStreamsExceptionNamingTaskTopicAndOffset()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").To("out", Produced<string, string>.With(Serdes.String, new Serde<string>(new ThrowingSerializer(), Deserializers.Utf8!)));
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        var ex = Assert.Throws<StreamsException>(() => input.PipeInput("k", "v", 1));

        Assert.Equal("exception caught in task 0_0 processing topic=in partition=0 offset=0: cannot write 'v'", ex.Message);
        Assert.IsType<FormatException>(ex.InnerException);
    }

    [Fact]
    public void GroupByKey_NullKeys_AreDroppedWithoutFailing()
    {
        // Kafka drops records with a null key at an aggregation (and logs them as skipped) instead of failing the task.
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string?, string>("in").GroupByKey().Count(materialized: Materialized<string?, long>.As("c").WithCachingDisabled()).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string?, string> input = driver.CreateInputTopic<string?, string>("in");

        input.PipeInput(null, "x", 1);
        input.PipeInput("a", "x", 2);
        input.PipeInput(null, "y", 3);

        Assert.Equal([new KeyValuePair<string?, long>("a", 1)], driver.CreateOutputTopic<string?, long>("out").ReadKeyValuesToList());
        Assert.Equal(1, driver.GetKeyValueStore<string?, long>("c").ApproximateNumEntries);
    }

    [Fact]
    public void Table_NullKeys_AreDroppedWithoutFailing()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Table("in", materialized: Materialized<string?, string>.As("t")).ToStream().To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string?, string> input = driver.CreateInputTopic<string?, string>("in");

        input.PipeInput(null, "x", 1);
        input.PipeInput("a", "y", 2);

        Assert.Equal([new KeyValuePair<string?, string>("a", "y")], driver.CreateOutputTopic<string?, string>("out").ReadKeyValuesToList());
    }

    private sealed class StoreBuilderNamed(string name) : IStoreBuilder
    {
        public string Name => name;

        public bool LoggingEnabled => false;

        public IStateStore Build() => throw new NotSupportedException();
    }
}
