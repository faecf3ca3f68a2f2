using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Tests.Runtime;

public sealed class RebalanceAndErrorTests : IDisposable
{
    private readonly BrokerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private StreamsConfig Config(string app, ProcessingGuarantee guarantee = ProcessingGuarantee.ExactlyOnceV2, string? stateDir = null,
        IDeserializationExceptionHandler? deserialization = null, IProductionExceptionHandler? production = null, IReadOnlyDictionary<string, string>? clientConfig = null) => new()
    {
        ApplicationId = app,
        StateDirectory = stateDir ?? _fixture.NewStateDirectory(),
        ProcessingGuarantee = guarantee,
        CommitInterval = TimeSpan.FromMilliseconds(100),
        DefaultDslStore = StoreType.RocksDb,
        DeserializationExceptionHandler = deserialization ?? DeserializationExceptionHandlers.LogAndFail,
        ProductionExceptionHandler = production ?? ProductionExceptionHandlers.Fail,
        ClientConfig = clientConfig ?? new Dictionary<string, string>(),
    };

    private static Topology CountByValue(StreamsConfig config)
    {
        var builder = new StreamsBuilder(config);
        builder.Stream<string, string>("in")
            .GroupBy((_, v) => v, Grouped<string, string>.As("by-value"))
            .Count(materialized: Materialized<string, long>.As("counts"))
            .ToStream()
            .To("out");
        return builder.Build();
    }

    private void Produce(int from, int count, int words) => _fixture.Produce("in", Enumerable.Range(from, count).Select(i => ("k" + i, "w" + (i % words), 1000L + i)));

    private static Dictionary<string, long> Truth(int total, int words)
        => Enumerable.Range(0, total).GroupBy(i => "w" + (i % words)).ToDictionary(g => g.Key, g => (long)g.Count());

    [Fact]
    public async Task A_second_instance_takes_over_tasks_and_their_state_without_losing_or_duplicating_results()
    {
        _fixture.CreateTopic("in", 4);
        _fixture.CreateTopic("out", 4);
        Produce(0, 4000, 50);
        await using var a = new KafkaStreams(CountByValue(Config("rebalance")), _fixture.Broker);
        await a.StartAsync();
        await BrokerFixture.WaitUntilAsync(() => KafkaStreamsTests.Same(Truth(4000, 50), _fixture.LatestByKey<string, long>("out")), TimeSpan.FromSeconds(30), "the first counts");
        Assert.Equal(8, a.MetadataForLocalThreads().Single().Tasks.Count);

        await using var b = new KafkaStreams(CountByValue(Config("rebalance")), _fixture.Broker);
        await b.StartAsync();
        await BrokerFixture.WaitUntilAsync(() => a.State == KafkaStreamsState.Running && b.State == KafkaStreamsState.Running
            && b.MetadataForLocalThreads().Single().Tasks.Count > 0 && a.MetadataForLocalThreads().Single().Tasks.Count + b.MetadataForLocalThreads().Single().Tasks.Count == 8,
            TimeSpan.FromSeconds(30), "the tasks to be shared");
        var tasksA = a.MetadataForLocalThreads().Single().Tasks.Select(t => t.Id).ToHashSet();
        var tasksB = b.MetadataForLocalThreads().Single().Tasks.Select(t => t.Id).ToHashSet();
        Assert.Empty(tasksA.Intersect(tasksB));
        Assert.Equal(4, tasksA.Count);
        Assert.True(b.Metrics().RestoredRecords > 0, "the new instance restored the moved tasks' state from the changelog");

        Produce(4000, 4000, 50);
        await BrokerFixture.WaitUntilAsync(() => KafkaStreamsTests.Same(Truth(8000, 50), _fixture.LatestByKey<string, long>("out")), TimeSpan.FromSeconds(30), "the counts after the rebalance");
        // Exactly once: each key's committed outputs only ever grow by the records added (no count repeated after the move).
        foreach (var group in _fixture.ReadAll<string, long>("out").GroupBy(r => r.Message.Key))
        {
            var values = group.Select(r => r.Message.Value).ToList();
            Assert.True(values.SequenceEqual(values.Order()) && values.Distinct().Count() == values.Count, $"{group.Key}: {string.Join(",", values)}");
        }

        await b.CloseAsync(TimeSpan.FromSeconds(30));
        await BrokerFixture.WaitUntilAsync(() => a.State == KafkaStreamsState.Running && a.MetadataForLocalThreads().Single().Tasks.Count == 8, TimeSpan.FromSeconds(30), "the tasks to come back");
        Produce(8000, 1000, 50);
        await BrokerFixture.WaitUntilAsync(() => KafkaStreamsTests.Same(Truth(9000, 50), _fixture.LatestByKey<string, long>("out")), TimeSpan.FromSeconds(30), "the counts after the second instance left");
    }

    [Fact]
    public async Task A_poison_record_is_skipped_and_counted_under_LogAndContinue()
    {
        _fixture.CreateTopic("nums", 1);
        _fixture.CreateTopic("sums", 1);
        var builder = new StreamsBuilder(Config("poison-continue", ProcessingGuarantee.AtLeastOnce, deserialization: DeserializationExceptionHandlers.LogAndContinue));
        builder.Stream<string, long>("nums").GroupByKey().Reduce((x, y) => x + y, materialized: Materialized<string, long>.As("sum")).ToStream().To("sums");
        _fixture.Produce("nums", [("a", 1L, 1L), ("a", 2L, 2L)]);
        _fixture.Produce("nums", [("a", new byte[] { 1, 2, 3 }, 3L)]); // not an 8-byte long
        _fixture.Produce("nums", [("a", 4L, 4L)]);
        await using var streams = new KafkaStreams(builder.Build(), _fixture.Broker);
        await streams.StartAsync();
        await BrokerFixture.WaitUntilAsync(() => _fixture.LatestByKey<string, long>("sums").GetValueOrDefault("a") == 7, TimeSpan.FromSeconds(30), "the sum without the poison record");
        Assert.Equal(1, streams.Metrics().DroppedRecords);
        Assert.Equal(KafkaStreamsState.Running, streams.State);
    }

    [Fact]
    public async Task A_poison_record_stops_the_instance_under_LogAndFail_with_an_error_naming_the_record()
    {
        _fixture.CreateTopic("nums", 1);
        var builder = new StreamsBuilder(Config("poison-fail", ProcessingGuarantee.AtLeastOnce));
        builder.Stream<string, long>("nums").Foreach((_, _) => { });
        _fixture.Produce("nums", [("a", 1L, 1L)]);
        _fixture.Produce("nums", [("a", new byte[] { 1, 2, 3 }, 3L)]);
        await using var streams = new KafkaStreams(builder.Build(), _fixture.Broker);
        await streams.StartAsync();
        await streams.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(KafkaStreamsState.Error, streams.State);
        Assert.Contains("nums[0] at offset 1", streams.Error!.Message);
        Assert.Contains("LogAndFail", streams.Error.Message);
    }

    [Fact]
    public async Task A_record_that_cannot_be_written_is_dropped_under_Continue_and_fails_the_instance_under_Fail()
    {
        _fixture.CreateTopic("text", 1);
        _fixture.CreateTopic("echo", 1);
        var limits = new Dictionary<string, string> { ["max.request.size"] = "2000" };
        foreach ((string app, IProductionExceptionHandler handler) in new[] { ("write-continue", ProductionExceptionHandlers.Continue), ("write-fail", ProductionExceptionHandlers.Fail) })
        {
            var builder = new StreamsBuilder(Config(app, ProcessingGuarantee.AtLeastOnce, production: handler, clientConfig: limits));
            builder.Stream<string, string>("text").MapValues(v => v == "big" ? new string('x', 10_000) : v).To("echo");
            if (app == "write-continue") _fixture.Produce("text", [("a", "small", 1L), ("b", "big", 2L), ("c", "last", 3L)]);
            await using var streams = new KafkaStreams(builder.Build(), _fixture.Broker);
            await streams.StartAsync();
            if (app == "write-continue")
            {
                await BrokerFixture.WaitUntilAsync(() => _fixture.ReadAll<string, string>("echo").Count == 2, TimeSpan.FromSeconds(30), "the two small records");
                await BrokerFixture.WaitUntilAsync(() => streams.Metrics().DroppedRecords == 1, TimeSpan.FromSeconds(10), "the dropped record to be counted");
                Assert.Equal(["small", "last"], _fixture.ReadAll<string, string>("echo").Select(r => r.Message.Value));
            }
            else
            {
                await streams.Completion.WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(KafkaStreamsState.Error, streams.State);
                Assert.Contains("echo", streams.Error!.Message);
            }
        }
    }

    [Fact]
    public async Task ReplaceThread_restarts_a_failed_thread_and_processing_continues()
    {
        _fixture.CreateTopic("in", 2);
        _fixture.CreateTopic("out", 2);
        int failures = 0;
        var builder = new StreamsBuilder(Config("replace"));
        builder.Stream<string, string>("in")
            .Peek((k, _) =>
            {
                if (k == "k7" && Interlocked.Increment(ref failures) == 1) throw new InvalidOperationException("boom once");
            })
            .GroupBy((_, v) => v, Grouped<string, string>.As("by-value"))
            .Count(materialized: Materialized<string, long>.As("counts"))
            .ToStream()
            .To("out");
        Produce(0, 200, 5);
        await using var streams = new KafkaStreams(builder.Build(), _fixture.Broker);
        var seen = new List<Exception>();
        streams.SetUncaughtExceptionHandler(ex =>
        {
            lock (seen) seen.Add(ex);
            return StreamThreadExceptionResponse.ReplaceThread;
        });
        await streams.StartAsync();
        await BrokerFixture.WaitUntilAsync(() => KafkaStreamsTests.Same(Truth(200, 5), _fixture.LatestByKey<string, long>("out")), TimeSpan.FromSeconds(30), "exact counts after the replacement");
        Assert.Single(seen);
        Assert.Contains("boom once", seen[0].ToString());
        Assert.NotEqual(KafkaStreamsState.Error, streams.State);
    }

    [Fact]
    public async Task ShutdownApplication_stops_every_instance()
    {
        _fixture.CreateTopic("in", 2);
        _fixture.CreateTopic("out", 2);
        Topology Build(string stateDir)
        {
            var builder = new StreamsBuilder(Config("shutdown-all", stateDir: stateDir));
            builder.Stream<string, string>("in").Peek((k, _) =>
            {
                if (k == "poison") throw new InvalidOperationException("cannot go on");
            }).To("out");
            return builder.Build();
        }
        await using var a = new KafkaStreams(Build(_fixture.NewStateDirectory()), _fixture.Broker);
        await using var b = new KafkaStreams(Build(_fixture.NewStateDirectory()), _fixture.Broker);
        a.SetUncaughtExceptionHandler(_ => StreamThreadExceptionResponse.ShutdownApplication);
        b.SetUncaughtExceptionHandler(_ => StreamThreadExceptionResponse.ShutdownApplication);
        await a.StartAsync();
        await b.StartAsync();
        await BrokerFixture.WaitUntilAsync(() => a.State == KafkaStreamsState.Running && b.State == KafkaStreamsState.Running
            && a.MetadataForLocalThreads().Single().Tasks.Count == 1 && b.MetadataForLocalThreads().Single().Tasks.Count == 1, TimeSpan.FromSeconds(30), "both instances running");
        _fixture.Produce("in", [("poison", "x", 1L)]);
        await Task.WhenAll(a.Completion, b.Completion).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(KafkaStreamsState.Error, a.State);
        Assert.Equal(KafkaStreamsState.Error, b.State);
    }

    [Fact]
    public async Task State_listeners_see_the_lifecycle_and_start_twice_is_refused()
    {
        _fixture.CreateTopic("in", 1);
        _fixture.CreateTopic("out", 1);
        var builder = new StreamsBuilder(Config("states"));
        builder.Stream<string, string>("in").To("out");
        await using var streams = new KafkaStreams(builder.Build(), _fixture.Broker);
        var transitions = new List<(KafkaStreamsState New, KafkaStreamsState Old)>();
        streams.StateChanged += (n, o) =>
        {
            lock (transitions) transitions.Add((n, o));
        };
        await streams.StartAsync();
        await streams.WaitForStateAsync(KafkaStreamsState.Running, TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<InvalidStateException>(() => streams.StartAsync());
        Assert.Throws<InvalidStateException>(() => streams.SetUncaughtExceptionHandler(_ => StreamThreadExceptionResponse.ShutdownClient));
        Assert.Throws<InvalidStateException>(streams.CleanUp);
        await streams.CloseAsync(TimeSpan.FromSeconds(30));
        lock (transitions)
        {
            Assert.Equal((KafkaStreamsState.Rebalancing, KafkaStreamsState.Created), transitions[0]);
            Assert.Contains((KafkaStreamsState.Running, KafkaStreamsState.Rebalancing), transitions);
            Assert.Equal((KafkaStreamsState.NotRunning, KafkaStreamsState.PendingShutdown), transitions[^1]);
        }
    }
}
