using Streaming.Streams.Kstream;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.Kstream;

public sealed class StatelessOperatorTests
{
    private static List<KeyValuePair<TKey, TValue>> Run<TKey, TValue>(Action<KStream<string, string>> build, params (string Key, string Value)[] input)
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        build(builder.Stream<string, string>("in"));
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> inTopic = driver.CreateInputTopic<string, string>("in");
        long ts = 100;
        foreach ((string k, string v) in input) inTopic.PipeInput(k, v, ts++);
        return driver.CreateOutputTopic<TKey, TValue>("out").ReadKeyValuesToList();
    }

    private static KeyValuePair<TKey, TValue> KV<TKey, TValue>(TKey key, TValue value) => new(key, value);

    [Fact]
    public void Filter_Predicate_KeepsMatchingRecords()
        => Assert.Equal([KV("a", "xx"), KV("c", "zzz")],
            Run<string, string>(s => s.Filter((_, v) => v.Length > 1).To("out"), ("a", "xx"), ("b", "y"), ("c", "zzz")));

    [Fact]
    public void FilterNot_Predicate_DropsMatchingRecords()
        => Assert.Equal([KV("b", "y")],
            Run<string, string>(s => s.FilterNot((_, v) => v.Length > 1).To("out"), ("a", "xx"), ("b", "y"), ("c", "zzz")));

    [Fact]
    public void Map_NewKeyAndValue_WritesBoth()
        => Assert.Equal([KV("xx", 1), KV("y", 2)],
            Run<string, int>(s => s.Map((k, v) => (v, k[0] - 'a' + 1)).To("out"), ("a", "xx"), ("b", "y")));

    [Fact]
    public void MapValues_ValueOnlyAndWithKey_KeepKeys()
    {
        Assert.Equal([KV("a", 2), KV("b", 1)], Run<string, int>(s => s.MapValues(v => v.Length).To("out"), ("a", "xx"), ("b", "y")));
        Assert.Equal([KV("a", "a:xx")], Run<string, string>(s => s.MapValues((k, v) => k + ":" + v).To("out"), ("a", "xx")));
    }

    [Fact]
    public void FlatMap_SeveralRecords_ForwardsEachInOrder()
        => Assert.Equal([KV("x", "a"), KV("y", "a"), KV("z", "b")],
            Run<string, string>(s => s.FlatMap((k, v) => v.Split(' ').Select(w => (w, k))).To("out"), ("a", "x y"), ("b", "z")));

    [Fact]
    public void FlatMapValues_SplitWords_KeepsKeyPerWord()
        => Assert.Equal([KV("a", "hello"), KV("a", "world"), KV("b", "k:b")],
            Run<string, string>(s => s.FlatMapValues((k, v) => k == "b" ? ["k:" + k] : v.Split(' ')).To("out"), ("a", "hello world"), ("b", "")));

    [Fact]
    public void FlatMapValues_EmptyResult_ForwardsNothing()
        => Assert.Empty(Run<string, string>(s => s.FlatMapValues(_ => Array.Empty<string>()).To("out"), ("a", "x")));

    [Fact]
    public void SelectKey_Selector_ReplacesKey()
        => Assert.Equal([KV("xx", "xx")], Run<string, string>(s => s.SelectKey((_, v) => v).To("out"), ("a", "xx")));

    [Fact]
    public void Peek_Action_SeesEveryRecordAndPassesItOn()
    {
        var seen = new List<string>();
        List<KeyValuePair<string, string>> output = Run<string, string>(s => s.Peek((k, v) => seen.Add(k + v)).To("out"), ("a", "1"), ("b", "2"));
        Assert.Equal(["a1", "b2"], seen);
        Assert.Equal([KV("a", "1"), KV("b", "2")], output);
    }

    [Fact]
    public void Foreach_Action_SeesEveryRecord()
    {
        var seen = new List<string>();
        Run<string, string>(s => s.Foreach((k, v) => seen.Add(k + v)), ("a", "1"), ("b", "2"));
        Assert.Equal(["a1", "b2"], seen);
    }

    [Fact]
    public void Merge_TwoStreams_InterleavesInProcessingOrder()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        KStream<string, string> left = builder.Stream<string, string>("left");
        KStream<string, string> right = builder.Stream<string, string>("right").MapValues(v => v.ToUpperInvariant());
        left.Merge(right, Named.As("both")).To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic<string, string>("left").PipeInput("l", "a", 1);
        driver.CreateInputTopic<string, string>("right").PipeInput("r", "b", 2);
        driver.CreateInputTopic<string, string>("left").PipeInput("l", "c", 3);

        Assert.Equal([KV("l", "a"), KV("r", "B"), KV("l", "c")], driver.CreateOutputTopic<string, string>("out").ReadKeyValuesToList());
    }

    [Fact]
    public void Split_BranchesAndDefault_RoutesToFirstMatchingBranch()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        IReadOnlyDictionary<string, KStream<string, int>> branches = builder.Stream<string, int>("in")
            .Split(Named.As("s-"))
            .Branch((_, v) => v < 0, Branched<string, int>.As("negative"))
            .Branch((_, v) => v < 10)
            .DefaultBranch();
        Assert.Equal(["s-negative", "s-2", "s-0"], branches.Keys);
        branches["s-negative"].To("neg");
        branches["s-2"].To("small");
        branches["s-0"].To("big");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, int> input = driver.CreateInputTopic<string, int>("in");

        foreach (int v in new[] { -1, 5, 50, -7, 9 }) input.PipeInput("k", v, 0);

        Assert.Equal([-1, -7], driver.CreateOutputTopic<string, int>("neg").ReadKeyValuesToList().Select(kv => kv.Value));
        Assert.Equal([5, 9], driver.CreateOutputTopic<string, int>("small").ReadKeyValuesToList().Select(kv => kv.Value));
        Assert.Equal([50], driver.CreateOutputTopic<string, int>("big").ReadKeyValuesToList().Select(kv => kv.Value));
    }

    [Fact]
    public void Split_NoDefaultBranchAndConsumer_DropsUnmatchedAndHandsBranchToConsumer()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        IReadOnlyDictionary<string, KStream<string, string>> branches = builder.Stream<string, string>("in")
            .Split()
            .Branch((_, v) => v.StartsWith('a'), Branched<string, string>.WithConsumer(s => s.To("a-out")))
            .Branch((_, v) => v.StartsWith('b'))
            .NoDefaultBranch();
        Assert.Equal(["KSTREAM-BRANCH-00000000012"], branches.Keys);
        branches.Values.Single().To("b-out");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        foreach (string v in new[] { "apple", "cherry", "banana", "avocado" }) input.PipeInput("k", v, 0);

        Assert.Equal(["apple", "avocado"], driver.CreateOutputTopic<string, string>("a-out").ReadKeyValuesToList().Select(kv => kv.Value));
        Assert.Equal(["banana"], driver.CreateOutputTopic<string, string>("b-out").ReadKeyValuesToList().Select(kv => kv.Value));
    }

    [Fact]
    public void To_TopicChooser_WritesEachRecordToItsTopic()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string>("in").To((k, _, source) => $"{k}-from-{source!.Value.Topic}");
        using var driver = new TopologyTestDriver(builder.Build());
        TestInputTopic<string, string> input = driver.CreateInputTopic<string, string>("in");

        input.PipeInput("x", "1", 0);
        input.PipeInput("y", "2", 0);
        input.PipeInput("x", "3", 0);

        Assert.Equal(["1", "3"], driver.CreateOutputTopic<string, string>("x-from-in").ReadKeyValuesToList().Select(kv => kv.Value));
        Assert.Equal(["2"], driver.CreateOutputTopic<string, string>("y-from-in").ReadKeyValuesToList().Select(kv => kv.Value));
    }

    [Fact]
    public void To_ProducedSerdes_WritesWithThem()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream("in", Consumed<string, string>.With(Serdes.String, Serdes.String))
            .MapValues(v => new Item(v, v.Length))
            .To("out", Produced<string, Item>.With(Serdes.String, Serdes.Json<Item>()));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic<string, string>("in").PipeInput("k", "abc", 7);

        TestRecord<string, string> raw = driver.CreateOutputTopic<string, string>("out").ReadRecord();
        Assert.Equal("""{"name":"abc","size":3}""", raw.Value);
        Assert.Equal(7, raw.Timestamp);
    }

    [Fact]
    public void Stream_TimestampExtractor_StampsRecordsWithEventTime()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream("in", Consumed<string, long>.With((_, v, _, _) => v)).To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic<string, long>("in").PipeInput("k", 12345L, 1);

        Assert.Equal(12345, driver.CreateOutputTopic<string, long>("out").ReadRecord().Timestamp);
    }

    [Fact]
    public void Stream_HeadersAndNullValue_PassThroughToSink()
    {
        var builder = new StreamsBuilder(TestConfig.Create());
        builder.Stream<string, string?>("in").To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var headers = new Headers { { "h", "v" } };

        driver.CreateInputTopic<string, string?>("in").PipeInput("k", null, 5, headers);

        TestRecord<string, string?> r = driver.CreateOutputTopic<string, string?>("out").ReadRecord();
        Assert.Null(r.Value);
        Assert.True(r.Headers.TryGetLastBytes("h", out byte[]? h));
        Assert.Equal("v"u8.ToArray(), h);
    }

    public sealed record Item(string Name, int Size);
}
