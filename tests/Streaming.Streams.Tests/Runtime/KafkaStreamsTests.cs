using Streaming.Streams.State;

namespace Streaming.Streams.Tests.Runtime;

public sealed class KafkaStreamsTests : IDisposable
{
    private readonly BrokerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static Topology WordCount(StreamsConfig config)
    {
        var builder = new StreamsBuilder(config);
        builder.Stream<string, string>("lines")
            .FlatMapValues(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .GroupBy((_, word) => word, Grouped<string, string>.As("words"))
            .Count(materialized: Materialized<string, long>.As("counts"))
            .ToStream()
            .To("word-counts");
        return builder.Build();
    }

    private StreamsConfig Config(string app, ProcessingGuarantee guarantee = ProcessingGuarantee.AtLeastOnce, int threads = 1, string? stateDir = null) => new()
    {
        ApplicationId = app,
        StateDirectory = stateDir ?? _fixture.NewStateDirectory(),
        ProcessingGuarantee = guarantee,
        NumStreamThreads = threads,
        CommitInterval = TimeSpan.FromMilliseconds(100),
        DefaultDslStore = StoreType.RocksDb,
    };

    private static Dictionary<string, long> TrueCounts(IEnumerable<string> lines)
        => lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).GroupBy(w => w).ToDictionary(g => g.Key, g => (long)g.Count());

    private static List<string> Lines(int n, int seed)
    {
        var random = new Random(seed);
        string[] words = ["apple", "banana", "cherry", "date", "elder", "fig", "grape", "kiwi", "lemon", "mango", "nut", "olive"];
        return [.. Enumerable.Range(0, n).Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(1, 6)).Select(_ => words[random.Next(words.Length)])))];
    }

    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    public async Task Word_count_runs_end_to_end_with_a_repartition_and_creates_the_internal_topics(ProcessingGuarantee guarantee)
    {
        _fixture.CreateTopic("lines", 3);
        _fixture.CreateTopic("word-counts", 3);
        List<string> lines = Lines(500, 1);
        _fixture.Produce("lines", lines.Select((l, i) => ((string)i.ToString(), l, 1000L + i)));

        await using var streams = new KafkaStreams(WordCount(Config("wc", guarantee, threads: 2)), _fixture.Broker);
        await streams.StartAsync();
        await streams.WaitForStateAsync(KafkaStreamsState.Running, TimeSpan.FromSeconds(30));
        Dictionary<string, long> expected = TrueCounts(lines);
        await BrokerFixture.WaitUntilAsync(() => Same(expected, _fixture.LatestByKey<string, long>("word-counts")), TimeSpan.FromSeconds(30), () => Diagnose(streams, expected));

        using IAdminClient admin = _fixture.Broker.CreateAdminClient(new AdminClientConfig());
        var topics = await admin.ListTopicsAsync();
        Assert.Contains("wc-words-repartition", topics);
        Assert.Contains("wc-counts-changelog", topics);
        var configs = await admin.DescribeTopicConfigsAsync("wc-counts-changelog");
        Assert.Equal("compact", configs.Single(c => c.Name == "cleanup.policy").Value);
        Assert.Equal(3, (await admin.DescribeTopicsAsync(["wc-words-repartition"]))[0].Partitions.Count);

        // Both threads got tasks: 3 of sub-topology 0, 3 of sub-topology 1.
        var tasks = streams.MetadataForLocalThreads().SelectMany(t => t.Tasks).Select(t => t.Id.ToString()).Order().ToList();
        Assert.Equal(["0_0", "0_1", "0_2", "1_0", "1_1", "1_2"], tasks);
        Assert.All(streams.MetadataForLocalThreads(), t => Assert.NotEmpty(t.Tasks));
        Assert.True(await streams.CloseAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(KafkaStreamsState.NotRunning, streams.State);
    }

    [Fact]
    public async Task State_is_restored_from_the_changelog_after_the_local_state_is_deleted()
    {
        _fixture.CreateTopic("lines", 2);
        _fixture.CreateTopic("word-counts", 2);
        List<string> first = Lines(300, 2);
        _fixture.Produce("lines", first.Select((l, i) => ((string)i.ToString(), l, 1000L + i)));
        string stateDir = _fixture.NewStateDirectory();

        await using (var streams = new KafkaStreams(WordCount(Config("restore", stateDir: stateDir)), _fixture.Broker))
        {
            await streams.StartAsync();
            await BrokerFixture.WaitUntilAsync(() => Same(TrueCounts(first), _fixture.LatestByKey<string, long>("word-counts")), TimeSpan.FromSeconds(30), "the first counts");
            Assert.True(await streams.CloseAsync(TimeSpan.FromSeconds(30)));
            streams.CleanUp();
        }
        Assert.False(Directory.Exists(Path.Combine(stateDir, "restore")));

        List<string> second = Lines(200, 3);
        _fixture.Produce("lines", second.Select((l, i) => ((string)("b" + i), l, 5000L + i)));
        await using (var streams = new KafkaStreams(WordCount(Config("restore", stateDir: stateDir)), _fixture.Broker))
        {
            await streams.StartAsync();
            // Counts continue from the restored state: the totals over both batches.
            await BrokerFixture.WaitUntilAsync(() => Same(TrueCounts(first.Concat(second)), _fixture.LatestByKey<string, long>("word-counts")), TimeSpan.FromSeconds(30), "the totals");
            Assert.True(streams.Metrics().RestoredRecords > 0);
        }
    }

    [Fact]
    public async Task Tombstones_reach_the_output_as_null_and_deleted_keys_stay_deleted_after_a_restore()
    {
        _fixture.CreateTopic("profiles", 1);
        _fixture.CreateTopic("profiles-out", 1);
        string stateDir = _fixture.NewStateDirectory();
        Topology Build()
        {
            var builder = new StreamsBuilder(Config("tombstones", stateDir: stateDir));
            builder.Table<string, string>("profiles", materialized: Materialized<string, string>.As("profiles-store").WithCachingDisabled()).ToStream().To("profiles-out");
            return builder.Build();
        }
        _fixture.Produce("profiles", [("a", "1", 1L), ("b", "2", 2L)]);
        _fixture.Produce<string, string?>("profiles", [("a", null, 3L)]);
        await using (var streams = new KafkaStreams(Build(), _fixture.Broker))
        {
            await streams.StartAsync();
            await BrokerFixture.WaitUntilAsync(() => _fixture.ReadAll<string, byte[]?>("profiles-out").Count == 3, TimeSpan.FromSeconds(30), "three output records");
            var output = _fixture.ReadAll<string, byte[]?>("profiles-out");
            Assert.Equal("a", output[2].Message.Key);
            Assert.Null(output[2].Message.Value); // a tombstone, not an empty value
            Assert.False(streams.KeyValueStore<string, string>("profiles-store").TryGet("a", out _));
            await streams.CloseAsync(TimeSpan.FromSeconds(30));
            streams.CleanUp();
        }
        // The changelog's delete is a tombstone too: restored, the key stays deleted.
        await using (var streams = new KafkaStreams(Build(), _fixture.Broker))
        {
            await streams.StartAsync();
            await streams.WaitForStateAsync(KafkaStreamsState.Running, TimeSpan.FromSeconds(30));
            Assert.True(streams.Metrics().RestoredRecords >= 3);
            Assert.False(streams.KeyValueStore<string, string>("profiles-store").TryGet("a", out _));
            Assert.True(streams.KeyValueStore<string, string>("profiles-store").TryGet("b", out string? b) && b == "2");
        }
    }

    [Fact]
    public async Task A_sources_own_offset_reset_policy_applies_where_nothing_is_committed()
    {
        _fixture.CreateTopic("events", 1);
        _fixture.CreateTopic("history", 1);
        _fixture.CreateTopic("events-out", 1);
        _fixture.CreateTopic("history-out", 1);
        _fixture.Produce("events", [("e", "old-event", 1L)]);
        _fixture.Produce("history", [("h", "old-history", 1L)]);
        var builder = new StreamsBuilder(Config("resets"));
        builder.Stream<string, string>("events").To("events-out");                                     // the application's: earliest
        builder.Stream("history", Consumed<string, string>.With(AutoOffsetReset.Latest)).To("history-out"); // its own: latest
        await using var streams = new KafkaStreams(builder.Build(), _fixture.Broker);
        await streams.StartAsync();
        await streams.WaitForStateAsync(KafkaStreamsState.Running, TimeSpan.FromSeconds(30));
        _fixture.Produce("history", [("h", "new-history", 2L)]);
        await BrokerFixture.WaitUntilAsync(() => _fixture.ReadAll<string, string>("history-out").Count == 1 && _fixture.ReadAll<string, string>("events-out").Count == 1,
            TimeSpan.FromSeconds(30), "one record in each output");
        Assert.Equal("old-event", _fixture.ReadAll<string, string>("events-out")[0].Message.Value);
        Assert.Equal("new-history", _fixture.ReadAll<string, string>("history-out")[0].Message.Value);
    }

    [Fact]
    public async Task Committed_records_of_repartition_topics_are_purged()
    {
        _fixture.CreateTopic("lines", 2);
        _fixture.CreateTopic("word-counts", 2);
        List<string> lines = Lines(200, 5);
        _fixture.Produce("lines", lines.Select((l, i) => ((string)i.ToString(), l, 1000L + i)));
        var config = new StreamsConfig
        {
            ApplicationId = "purge",
            StateDirectory = _fixture.NewStateDirectory(),
            CommitInterval = TimeSpan.FromMilliseconds(100),
            RepartitionPurgeInterval = TimeSpan.Zero,
        };
        await using var streams = new KafkaStreams(WordCount(config), _fixture.Broker);
        await streams.StartAsync();
        await BrokerFixture.WaitUntilAsync(() => Same(TrueCounts(lines), _fixture.LatestByKey<string, long>("word-counts")), TimeSpan.FromSeconds(30), "the counts");
        using var consumer = new ConsumerBuilder<byte[], byte[]>(_fixture.Broker, new ConsumerConfig()).Build();
        await BrokerFixture.WaitUntilAsync(() => Enumerable.Range(0, 2).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition("purge-words-repartition", p), TimeSpan.FromSeconds(5)).Low.Value) > 0,
            TimeSpan.FromSeconds(30), "the repartition topic's log start to move");
    }

    [Fact]
    public async Task A_checkpoint_past_a_recreated_changelog_wipes_the_local_state_instead_of_trusting_it()
    {
        _fixture.CreateTopic("profiles", 1);
        _fixture.CreateTopic("profiles-out", 1);
        string stateDir = _fixture.NewStateDirectory();
        Topology Build()
        {
            var builder = new StreamsBuilder(Config("stale", stateDir: stateDir));
            builder.Table<string, string>("profiles", materialized: Materialized<string, string>.As("profiles-store")).ToStream().To("profiles-out");
            return builder.Build();
        }
        _fixture.Produce("profiles", [("a", "1", 1L)]);
        await using (var streams = new KafkaStreams(Build(), _fixture.Broker))
        {
            await streams.StartAsync();
            await BrokerFixture.WaitUntilAsync(() => streams.State == KafkaStreamsState.Running && streams.KeyValueStore<string, string>("profiles-store").TryGet("a", out _),
                TimeSpan.FromSeconds(30), "the table");
            await streams.CloseAsync(TimeSpan.FromSeconds(30)); // checkpoints the store at the changelog's end
        }
        using (IAdminClient admin = _fixture.Broker.CreateAdminClient(new AdminClientConfig()))
        {
            // The changelog is lost (deleted, recreated empty at start) and the input moved on: the old local state is stale.
            await admin.DeleteTopicsAsync(["stale-profiles-store-changelog"]);
            await admin.DeleteRecordsAsync([new TopicPartitionOffset("profiles", 0, Offset.End)]);
        }
        await using (var streams = new KafkaStreams(Build(), _fixture.Broker))
        {
            await streams.StartAsync();
            await streams.WaitForStateAsync(KafkaStreamsState.Running, TimeSpan.FromSeconds(30));
            Assert.False(streams.KeyValueStore<string, string>("profiles-store").TryGet("a", out _));
        }
    }

    [Fact]
    public async Task A_missing_source_topic_fails_start_with_a_clear_error()
    {
        await using var streams = new KafkaStreams(WordCount(Config("missing")), _fixture.Broker);
        var ex = await Assert.ThrowsAsync<StreamsException>(() => streams.StartAsync());
        Assert.Contains("'lines'", ex.Message);
        Assert.Contains("do not exist", ex.Message);
        Assert.Equal(KafkaStreamsState.NotRunning, streams.State);
    }

    [Fact]
    public async Task Two_instances_cannot_share_a_state_directory()
    {
        _fixture.CreateTopic("lines", 1);
        _fixture.CreateTopic("word-counts", 1);
        string stateDir = _fixture.NewStateDirectory();
        await using var a = new KafkaStreams(WordCount(Config("shared", stateDir: stateDir)), _fixture.Broker);
        await a.StartAsync();
        await using var b = new KafkaStreams(WordCount(Config("shared", stateDir: stateDir)), _fixture.Broker);
        await Assert.ThrowsAsync<DataDirectoryLockedException>(() => b.StartAsync());
    }

    private string Diagnose(KafkaStreams streams, Dictionary<string, long> expected)
    {
        var actual = _fixture.LatestByKey<string, long>("word-counts");
        var wrong = expected.Where(e => actual.GetValueOrDefault(e.Key) != e.Value).Select(e => $"{e.Key}: {actual.GetValueOrDefault(e.Key)} (true {e.Value})");
        var threads = streams.MetadataForLocalThreads().Select(t => $"{t.Name[^14..]} {t.State} [{string.Join(",", t.Tasks.Select(x => x.Id + ":" + x.State))}]");
        var m = streams.Metrics();
        return $"the final counts: state {streams.State}, processed {m.ProcessedRecords}, commits {m.Commits}; threads {string.Join("; ", threads)}; wrong {string.Join(", ", wrong)}";
    }

    internal static bool Same(Dictionary<string, long> expected, Dictionary<string, long> actual)
        => expected.Count == actual.Count && expected.All(e => actual.TryGetValue(e.Key, out long v) && v == e.Value);
}
