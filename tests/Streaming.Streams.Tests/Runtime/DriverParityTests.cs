using Streaming.Streams.Kstream;
using Streaming.Streams.State;
using Streaming.Streams.TestDriver;

namespace Streaming.Streams.Tests.Runtime;

/// <summary>
/// The same topologies through the <see cref="TopologyTestDriver"/> and on the embedded broker (single-partition topics, no
/// cache, so every update is emitted and each key's updates keep their order): each key's output sequence must match.
/// </summary>
public sealed class DriverParityTests : IDisposable
{
    private readonly BrokerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    public static TheoryData<string> Topologies => ["stateless", "aggregation", "table-groupby", "stream-table-join", "windowed-count"];

    private static readonly string[] Inputs = ["in", "profiles"];

    private static Topology Build(string name, StreamsConfig config)
    {
        var builder = new StreamsBuilder(config);
        KStream<string, string> input = builder.Stream<string, string>("in");
        switch (name)
        {
            case "stateless":
                var branches = input
                    .Filter((_, v) => v.Length > 1)
                    .FlatMap((k, v) => v.Split(' ').Select(w => (k + ":" + w, w)))
                    .MapValues(w => w.ToUpperInvariant())
                    .Split(Named.As("s-"))
                    .Branch((_, v) => v.StartsWith('A'), Branched<string, string>.As("a"))
                    .DefaultBranch(Branched<string, string>.As("rest"));
                branches["s-a"].Merge(branches["s-rest"].SelectKey((k, _) => k.ToUpperInvariant())).To("out");
                break;
            case "aggregation":
                input.FlatMapValues(v => v.Split(' '))
                    .GroupBy((_, w) => w, Grouped<string, string>.As("words"))
                    .Aggregate(() => "", (_, w, agg) => agg + w[0], materialized: Materialized<string, string>.As("agg"))
                    .ToStream().To("out");
                break;
            case "table-groupby":
                builder.Table<string, string>("profiles", materialized: Materialized<string, string>.As("profiles-store"))
                    .GroupBy((user, region) => (region, user), Grouped<string, string>.As("by-region"))
                    .Count(materialized: Materialized<string, long>.As("per-region"))
                    .ToStream().MapValues(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).To("out");
                break;
            case "stream-table-join":
                var profiles = builder.Table<string, string>("profiles", materialized: Materialized<string, string>.As("profiles-store"));
                input.Join(profiles, (v, p) => v + "@" + p).To("out");
                break;
            case "windowed-count":
                input.GroupByKey()
                    .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)))
                    .Count(materialized: Materialized<string, long>.As("wcounts"))
                    .ToStream()
                    .Map((w, n) => ($"{w.Key}@{w.Window.Start}", n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    .To("out");
                break;
        }
        return builder.Build();
    }

    private static List<(string Topic, string Key, string? Value, long Timestamp)> Input()
    {
        var random = new Random(7);
        string[] words = ["apple", "avocado", "berry", "cherry", "apricot", "date"];
        string[] regions = ["eu", "us", "apac"];
        var records = new List<(string, string, string?, long)>();
        long ts = 1_000;
        for (int i = 0; i < 120; i++)
        {
            ts += random.Next(0, 1500);
            if (i % 4 == 0)
            {
                string user = "u" + random.Next(8);
                records.Add(("profiles", user, i % 20 == 0 ? null : regions[random.Next(regions.Length)], ts));
            }
            else
            {
                string line = string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => words[random.Next(words.Length)]));
                // Some records arrive late (out of order) for the windowed count's grace rules.
                long at = i % 7 == 0 ? ts - 8_000 : ts;
                records.Add(("in", "u" + random.Next(8), i % 11 == 0 ? "x" : line, Math.Max(1, at)));
            }
        }
        return records;
    }

    [Theory]
    [MemberData(nameof(Topologies))]
    public async Task The_driver_and_the_broker_give_the_same_results(string topology)
    {
        var input = Input();
        Dictionary<string, List<string?>> expected;
        var driverConfig = new StreamsConfig { ApplicationId = "parity", StateDirectory = _fixture.NewStateDirectory(), StateStoreCacheMaxBytes = 0, DefaultDslStore = StoreType.RocksDb };
        using (var driver = new TopologyTestDriver(Build(topology, driverConfig)))
        {
            var topics = Inputs.ToDictionary(t => t, t => TryInput(driver, t));
            foreach ((string t, string key, string? value, long ts) in input)
                topics[t]?.PipeInput(key, value!, ts);
            expected = ByKey(driver.CreateOutputTopic<string, string?>("out").ReadRecordsToList().Select(r => (r.Key, r.Value)));
        }
        Assert.NotEmpty(expected);

        foreach (string t in Inputs) _fixture.CreateTopic(t, 1);
        _fixture.CreateTopic("out", 1);
        // Table updates first where they precede stream records in time: on the broker a task reads its two topics oldest first.
        _fixture.Produce<string, string?>("profiles", input.Where(r => r.Topic == "profiles").Select(r => (r.Key, r.Value, r.Timestamp)));
        _fixture.Produce<string, string?>("in", input.Where(r => r.Topic == "in").Select(r => (r.Key, r.Value, r.Timestamp)));
        var config = new StreamsConfig
        {
            ApplicationId = "parity-" + topology,
            StateDirectory = _fixture.NewStateDirectory(),
            StateStoreCacheMaxBytes = 0,
            CommitInterval = TimeSpan.FromMilliseconds(100),
            DefaultDslStore = StoreType.RocksDb,
        };
        await using var streams = new KafkaStreams(Build(topology, config), _fixture.Broker);
        await streams.StartAsync();
        int expectedCount = expected.Values.Sum(v => v.Count);
        await BrokerFixture.WaitUntilAsync(() => _fixture.ReadAll<string, string?>("out").Count >= expectedCount, TimeSpan.FromSeconds(60), $"{expectedCount} output records");
        var actual = ByKey(_fixture.ReadAll<string, string?>("out").Select(r => (r.Message.Key, r.Message.Value)));
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach ((string key, List<string?> values) in expected) Assert.True(values.SequenceEqual(actual[key]), $"{key}: driver [{string.Join(",", values)}] broker [{string.Join(",", actual[key])}]");
    }

    private static TestInputTopic<string, string>? TryInput(TopologyTestDriver driver, string topic)
    {
        try
        {
            return driver.CreateInputTopic<string, string>(topic);
        }
        catch (ArgumentException)
        {
            return null; // the topology does not read it
        }
    }

    private static Dictionary<string, List<string?>> ByKey(IEnumerable<(string Key, string? Value)> records)
    {
        var result = new Dictionary<string, List<string?>>();
        foreach ((string key, string? value) in records)
        {
            if (!result.TryGetValue(key, out List<string?>? list)) result[key] = list = [];
            list.Add(value);
        }
        return result;
    }
}
