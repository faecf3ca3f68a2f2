using Streaming.Streams.State;

namespace Streaming.Streams.Tests.Runtime;

public sealed class StandbyAndQueryTests : IDisposable
{
    private readonly BrokerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private Topology Counting(string app, string? server = null, int standbys = 0, ProcessingGuarantee guarantee = ProcessingGuarantee.AtLeastOnce)
    {
        var builder = new StreamsBuilder(new StreamsConfig
        {
            ApplicationId = app,
            StateDirectory = _fixture.NewStateDirectory(),
            ProcessingGuarantee = guarantee,
            CommitInterval = TimeSpan.FromMilliseconds(100),
            DefaultDslStore = StoreType.RocksDb,
            NumStandbyReplicas = standbys,
            ApplicationServer = server,
        });
        builder.Stream<string, string>("in").GroupByKey().Count(materialized: Materialized<string, long>.As("counts")).ToStream().To("out");
        return builder.Build();
    }

    [Theory]
    [InlineData(ProcessingGuarantee.AtLeastOnce)]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2)]
    public async Task A_failed_over_task_starts_from_its_standby_instead_of_a_full_restore(ProcessingGuarantee guarantee)
    {
        const int keys = 20_000;
        _fixture.CreateTopic("in", 2);
        _fixture.CreateTopic("out", 2);
        await using var a = new KafkaStreams(Counting("standby", "a:1", standbys: 1, guarantee), _fixture.Broker);
        await using var b = new KafkaStreams(Counting("standby", "b:1", standbys: 1, guarantee), _fixture.Broker);
        await a.StartAsync();
        await b.StartAsync();
        await BrokerFixture.WaitUntilAsync(() => a.State == KafkaStreamsState.Running && b.State == KafkaStreamsState.Running
            && a.MetadataForLocalThreads().Single().Tasks.Count == 1 && b.MetadataForLocalThreads().Single().Tasks.Count == 1, TimeSpan.FromSeconds(30), "one task each");
        _fixture.Produce("in", Enumerable.Range(0, keys).Select(i => ("key" + i, "v", 1000L + i)));
        await BrokerFixture.WaitUntilAsync(() => a.Metrics().ProcessedRecords + b.Metrics().ProcessedRecords >= keys, TimeSpan.FromSeconds(60), "the input to be counted");

        // Each instance keeps a standby of the other's task: once the standbys have followed the changelogs, stop A.
        var metadata = a.MetadataForAllStreamsClients();
        Assert.Equal(2, metadata.Count);
        Assert.All(metadata, m => Assert.Single(m.StandbyTopicPartitions));
        await BrokerFixture.WaitUntilAsync(() => ChangelogSize("standby-counts-changelog") >= keys, TimeSpan.FromSeconds(30), "the counts to reach the changelog");
        long changelog = ChangelogSize("standby-counts-changelog");
        await BrokerFixture.WaitUntilAsync(() => StandbyCaughtUp(b), TimeSpan.FromSeconds(60), "B's standby to catch up");
        await a.CloseAsync(TimeSpan.FromSeconds(30));
        await BrokerFixture.WaitUntilAsync(() => b.State == KafkaStreamsState.Running && b.MetadataForLocalThreads().Single().Tasks.Count == 2, TimeSpan.FromSeconds(60), "B to run both tasks");
        long restored = b.Metrics().RestoredRecords;
        Assert.True(restored < changelog / 10, $"B restored {restored} of {changelog} changelog records: it should start from its standby");

        _fixture.Produce("in", Enumerable.Range(0, keys).Select(i => ("key" + i, "v", 50_000L + i)));
        await BrokerFixture.WaitUntilAsync(() => b.KeyValueStore<string, long>("counts").ApproximateNumEntries >= keys
            && Enumerable.Range(0, keys).All(i => b.KeyValueStore<string, long>("counts").TryGet("key" + i, out long n) && n == 2), TimeSpan.FromSeconds(60), "every key counted twice");
    }

    [Fact]
    public async Task A_new_instance_warms_up_before_a_probing_rebalance_moves_a_task_to_it()
    {
        const int keys = 5_000;
        _fixture.CreateTopic("in", 2);
        _fixture.CreateTopic("out", 2);
        StreamsConfig Config(string server) => new()
        {
            ApplicationId = "warmup",
            StateDirectory = _fixture.NewStateDirectory(),
            CommitInterval = TimeSpan.FromMilliseconds(100),
            DefaultDslStore = StoreType.RocksDb,
            ApplicationServer = server,
            AcceptableRecoveryLag = 100,
            ProbingRebalanceInterval = TimeSpan.FromSeconds(1),
        };
        Topology Build(string server)
        {
            var builder = new StreamsBuilder(Config(server));
            builder.Stream<string, string>("in").GroupByKey().Count(materialized: Materialized<string, long>.As("counts")).ToStream().To("out");
            return builder.Build();
        }
        await using var a = new KafkaStreams(Build("a:1"), _fixture.Broker);
        await a.StartAsync();
        _fixture.Produce("in", Enumerable.Range(0, keys).Select(i => ("key" + i, "v", 1000L + i)));
        await BrokerFixture.WaitUntilAsync(() => ChangelogSize("warmup-counts-changelog") >= keys, TimeSpan.FromSeconds(30), "A's changelog");

        // B has no state: thousands of records behind, far past the acceptable lag of 100. A keeps both tasks, B warms one up.
        await using var b = new KafkaStreams(Build("b:1"), _fixture.Broker);
        await b.StartAsync();
        await BrokerFixture.WaitUntilAsync(() => b.State == KafkaStreamsState.Running && b.MetadataForAllStreamsClients().Any(m => m.Host.Host == "b" && m.StandbyTopicPartitions.Count == 1),
            TimeSpan.FromSeconds(30), "B's warm-up replica");
        Assert.Empty(b.MetadataForLocalThreads().Single().Tasks);

        // Caught up, the probing rebalance gives B the task, which it resumes from its warm copy.
        await BrokerFixture.WaitUntilAsync(() => b.State == KafkaStreamsState.Running && b.MetadataForLocalThreads().Single().Tasks.Count == 1, TimeSpan.FromSeconds(60), "the task to move to B");
        Assert.True(b.Metrics().RestoredRecords < keys / 10, $"B restored {b.Metrics().RestoredRecords} records on taking the task over");
        Assert.Single(a.MetadataForLocalThreads().Single().Tasks);
    }

    [Fact]
    public async Task A_task_revoked_while_restoring_and_assigned_back_finishes_its_restore()
    {
        const int keys = 20_000;
        _fixture.CreateTopic("in", 2);
        _fixture.CreateTopic("out", 2);
        string stateA = _fixture.NewStateDirectory();
        Topology Build(string stateDir)
        {
            var builder = new StreamsBuilder(new StreamsConfig
            {
                ApplicationId = "slow-restore",
                StateDirectory = stateDir,
                CommitInterval = TimeSpan.FromMilliseconds(100),
                DefaultDslStore = StoreType.RocksDb,
                // Small fetches: the restore takes many steps, so the second instance joins while it is under way.
                ClientConfig = new Dictionary<string, string> { ["max.partition.fetch.bytes"] = "2048" },
            });
            builder.Stream<string, string>("in").GroupByKey().Count(materialized: Materialized<string, long>.As("counts")).ToStream().To("out");
            return builder.Build();
        }
        _fixture.Produce("in", Enumerable.Range(0, keys).Select(i => ("key" + i, "v", 1000L + i)));
        await using (var first = new KafkaStreams(Build(stateA), _fixture.Broker))
        {
            await first.StartAsync();
            await BrokerFixture.WaitUntilAsync(() => ChangelogSize("slow-restore-counts-changelog") >= keys, TimeSpan.FromSeconds(60), "the changelog");
            await first.CloseAsync(TimeSpan.FromSeconds(30));
            first.CleanUp();
        }
        await using var a = new KafkaStreams(Build(stateA), _fixture.Broker);
        await a.StartAsync();
        await BrokerFixture.WaitUntilAsync(() => a.Metrics().RestoredRecords > 0, TimeSpan.FromSeconds(30), "A to start restoring");
        await using var b = new KafkaStreams(Build(_fixture.NewStateDirectory()), _fixture.Broker);
        await b.StartAsync();
        await BrokerFixture.WaitUntilAsync(() => a.State == KafkaStreamsState.Running && b.State == KafkaStreamsState.Running
            && a.MetadataForLocalThreads().Single().Tasks.Count(t => t.State == TaskState.Running) == 1
            && b.MetadataForLocalThreads().Single().Tasks.Count(t => t.State == TaskState.Running) == 1, TimeSpan.FromSeconds(90),
            () => $"both instances running one task: A {a.State} [{string.Join(",", a.MetadataForLocalThreads().Single().Tasks.Select(t => t.Id + ":" + t.State))}], " +
                $"B {b.State} [{string.Join(",", b.MetadataForLocalThreads().Single().Tasks.Select(t => t.Id + ":" + t.State))}]");
        _fixture.Produce("in", Enumerable.Range(0, keys).Select(i => ("key" + i, "v", 50_000L + i)));
        await BrokerFixture.WaitUntilAsync(() => Enumerable.Range(0, keys).All(i =>
            (a.KeyValueStore<string, long>("counts").TryGet("key" + i, out long n) || b.KeyValueStore<string, long>("counts").TryGet("key" + i, out n)) && n == 2),
            TimeSpan.FromSeconds(90), "every key counted twice");
    }

    private long ChangelogSize(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(_fixture.Broker, new ConsumerConfig()).Build();
        return Enumerable.Range(0, 2).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(5)).High.Value);
    }

    private bool StandbyCaughtUp(KafkaStreams instance)
        => instance.KeyValueStore<string, long>("counts", includeStandby: true).ApproximateNumEntries >= 19_000;

    [Fact]
    public async Task Interactive_queries_read_local_stores_and_route_other_keys_to_their_host()
    {
        _fixture.CreateTopic("in", 2);
        _fixture.CreateTopic("out", 2);
        await using var a = new KafkaStreams(Counting("iq", "host-a:7001"), _fixture.Broker);
        await using var b = new KafkaStreams(Counting("iq", "host-b:7002"), _fixture.Broker);
        Assert.Throws<UnknownStateStoreException>(() => a.KeyValueStore<string, long>("no-such-store"));
        Assert.Throws<InvalidStateStoreException>(() => a.KeyValueStore<string, long>("counts").TryGet("x", out _));
        await a.StartAsync();
        await b.StartAsync();
        await BrokerFixture.WaitUntilAsync(() => a.State == KafkaStreamsState.Running && b.State == KafkaStreamsState.Running
            && a.MetadataForLocalThreads().Single().Tasks.Count == 1 && b.MetadataForLocalThreads().Single().Tasks.Count == 1, TimeSpan.FromSeconds(30), "one task each");
        _fixture.Produce("in", Enumerable.Range(0, 100).SelectMany(i => Enumerable.Repeat(("k" + i, "v", 1000L + i), (i % 3) + 1)));
        await BrokerFixture.WaitUntilAsync(() => a.KeyValueStore<string, long>("counts").ApproximateNumEntries + b.KeyValueStore<string, long>("counts").ApproximateNumEntries == 100,
            TimeSpan.FromSeconds(30), "100 keys counted");

        var instances = new Dictionary<string, KafkaStreams> { ["host-a"] = a, ["host-b"] = b };
        for (int i = 0; i < 100; i++)
        {
            string key = "k" + i;
            KeyQueryMetadata where = a.QueryMetadataForKey("counts", key, Serializers.Utf8);
            KeyQueryMetadata fromB = b.QueryMetadataForKey("counts", key, Serializers.Utf8);
            Assert.Equal(where.ActiveHost, fromB.ActiveHost);
            Assert.Equal(where.Partition, fromB.Partition);
            Assert.Empty(where.StandbyHosts);
            KafkaStreams owner = instances[where.ActiveHost.Host];
            KafkaStreams other = instances[where.ActiveHost.Host == "host-a" ? "host-b" : "host-a"];
            Assert.True(owner.KeyValueStore<string, long>("counts").TryGet(key, out long count), key);
            Assert.Equal((i % 3) + 1, count);
            Assert.False(other.KeyValueStore<string, long>("counts").TryGet(key, out _));
            Assert.Equal(Partitioners.ForKey(System.Text.Encoding.UTF8.GetBytes(key), 2), where.Partition);
        }
        var all = a.KeyValueStore<string, long>("counts").All().Concat(b.KeyValueStore<string, long>("counts").All()).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(100, all.Count);
        var timestamped = a.TimestampedKeyValueStore<string, long>("counts").All().First();
        Assert.True(timestamped.Value.Timestamp >= 1000);
        var hosts = a.StreamsMetadataForStore("counts").Select(m => m.Host.ToString()).Order().ToList();
        Assert.Equal(["host-a:7001", "host-b:7002"], hosts);
    }
}
