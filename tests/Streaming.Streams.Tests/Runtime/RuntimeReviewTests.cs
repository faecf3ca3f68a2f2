using Streaming.Streams.State;

namespace Streaming.Streams.Tests.Runtime;

/// <summary>Regression tests for runtime bugs found in review (dirty close under exactly-once).</summary>
public sealed class RuntimeReviewTests : IDisposable
{
    private readonly BrokerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private StreamsConfig Config(string app, TimeSpan commitInterval, IReadOnlyDictionary<string, string>? clientConfig = null) => new()
    {
        ApplicationId = app,
        StateDirectory = _fixture.NewStateDirectory(),
        ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2,
        CommitInterval = commitInterval,
        DefaultDslStore = StoreType.RocksDb,
        ClientConfig = clientConfig ?? new Dictionary<string, string>(),
    };

    /// <summary>
    /// A thread that loses its partitions (it did not poll within max.poll.interval.ms) closes its tasks dirty: under
    /// exactly-once what they processed since the last commit must vanish. Closing used to flush the record caches, which sent
    /// their updates (output and changelog) in a new transaction that the thread's next commit made visible: the records were
    /// then counted twice (once from that transaction, once when processed again from the committed offsets).
    /// </summary>
    [Fact]
    public async Task A_dirty_close_after_lost_partitions_commits_nothing_it_processed_under_exactly_once()
    {
        _fixture.CreateTopic("in", 1);
        _fixture.CreateTopic("out", 1);
        var clientConfig = new Dictionary<string, string> { ["max.poll.interval.ms"] = "1000", ["heartbeat.interval.ms"] = "100" };
        int slow = 0;
        var builder = new StreamsBuilder(Config("lost-dirty", TimeSpan.FromSeconds(4), clientConfig));
        builder.Stream<string, string>("in")
            .Peek((_, v) =>
            {
                // Once: stall past max.poll.interval.ms, so the group drops the member and its partitions are lost.
                if (v == "5" && Interlocked.Increment(ref slow) == 1) Thread.Sleep(2500);
            })
            .GroupByKey()
            .Count(materialized: Materialized<string, long>.As("counts"))
            .ToStream()
            .To("out");
        _fixture.Produce("in", Enumerable.Range(0, 10).Select(i => ("a", i.ToString(), 100L + i)));
        await using var streams = new KafkaStreams(builder.Build(), _fixture.Broker);
        await streams.StartAsync();

        using IConsumer<string, string> probe = new ConsumerBuilder<string, string>(_fixture.Broker,
            new ConsumerConfig { GroupId = "lost-dirty", EnableAutoCommit = false }).Build();
        var tp = new TopicPartition("in", 0);
        await BrokerFixture.WaitUntilAsync(() => probe.Committed([tp], TimeSpan.FromSeconds(5)).Single().Offset.Value == 10, TimeSpan.FromSeconds(60), "the input to be committed");
        Assert.True(Volatile.Read(ref slow) >= 2, "the slow record was processed again after the partitions were lost");
        // Every committed update of a's count is new (exactly once: no count repeated), the last one 10.
        var counts = _fixture.ReadAll<string, long>("out").Select(r => r.Message.Value).ToList();
        Assert.True(counts.Count > 0 && counts[^1] == 10 && counts.SequenceEqual(counts.Order()) && counts.Distinct().Count() == counts.Count,
            $"committed counts of a: {string.Join(",", counts)}");
    }
}
