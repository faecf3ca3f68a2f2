using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Streaming.Streams;
using static Streaming.Hosting.Tests.Topologies.TopologyTestSupport;

namespace Streaming.Hosting.Tests.Topologies;

public sealed class TopologyHostingTests
{
    [Fact]
    public async Task AddTopology_WordCountOnTheEmbeddedBroker_ProducesExactCountsInTheDefaultStateDirectory()
    {
        using var dir = new TempDirectory();
        using var host = Build(dir.Path, s => s
            .AddTopic("lines", 3)
            .AddTopic("word-counts", 3)
            .AddTopology("wc", b => WordCount(b), o => o.CommitInterval = TimeSpan.FromMilliseconds(100)));
        await host.StartAsync();
        var apps = host.Services.GetRequiredService<IStreamsApplications>();
        Assert.Equal(["wc"], apps.ApplicationIds);
        KafkaStreams streams = apps.Get("wc");

        List<string> lines = Lines(400, 1);
        await ProduceLinesAsync(host.Services, "lines", lines);
        using (var cts = new CancellationTokenSource(WaitTimeout)) await apps.WaitUntilProcessedAsync("wc", cts.Token);

        // Everything is committed, so everything is in the output: exact, without waiting any further.
        Assert.True(Same(TrueCounts(lines), LatestByKey(host.Services.GetRequiredService<IStreamingTransport>(), "word-counts")));
        Assert.Equal(KafkaStreamsState.Running, streams.State);
        Assert.Equal(Path.Combine(dir.Path, "streams-state"), streams.Config.StateDirectory);
        Assert.True(Directory.Exists(Path.Combine(dir.Path, "streams-state", "wc")));
        Assert.Equal(lines.Count + WordTotal(lines), streams.Metrics().ProcessedRecords);

        await host.StopAsync();
        Assert.Equal(KafkaStreamsState.NotRunning, streams.State);
    }

    [Fact]
    public async Task StopAsync_ThenRestartOnTheSameDirectories_CommittedOnStopSoNothingIsProcessedTwice()
    {
        using var dir = new TempDirectory();
        // Commits only when the host stops: a restart that reprocessed anything would overcount.
        void Configure(StreamingBuilder s) => s
            .AddTopic("lines", 2)
            .AddTopic("word-counts", 2)
            .AddTopology("wc", b => WordCount(b), o =>
            {
                o.CommitInterval = TimeSpan.FromHours(1);
                o.StateStoreCacheMaxBytes = 0; // every update goes out at once, without waiting for a commit
            });
        List<string> first = Lines(300, 2);
        List<string> second = Lines(200, 3);

        using (var host = Build(dir.Path, Configure))
        {
            await host.StartAsync();
            var transport = host.Services.GetRequiredService<IStreamingTransport>();
            await ProduceLinesAsync(host.Services, "lines", first);
            await WaitUntilAsync(() => Same(TrueCounts(first), LatestByKey(transport, "word-counts")), "the first counts");
            await host.StopAsync();
            Assert.Equal(KafkaStreamsState.NotRunning, host.Services.GetRequiredService<IStreamsApplications>().Get("wc").State);
        }

        using (var host = Build(dir.Path, Configure))
        {
            await host.StartAsync();
            var transport = host.Services.GetRequiredService<IStreamingTransport>();
            var streams = host.Services.GetRequiredService<IStreamsApplications>().Get("wc");
            await ProduceLinesAsync(host.Services, "lines", second, keyPrefix: "b");
            var expected = TrueCounts(first.Concat(second));
            await WaitUntilAsync(() => Same(expected, LatestByKey(transport, "word-counts")), "the totals over both runs");
            long secondRun = second.Count + WordTotal(second);
            await WaitUntilAsync(() => streams.Metrics().ProcessedRecords >= secondRun, "the second run's records to be counted");

            Assert.Equal(secondRun, streams.Metrics().ProcessedRecords); // the first run's lines and words were not processed again
            Assert.Equal(0, streams.Metrics().RestoredRecords);           // the stores were checkpointed on stop: nothing to replay
            Assert.True(Same(expected, LatestByKey(transport, "word-counts")));
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task AddTopology_TwoApplicationsInOneHost_EachRunsItsOwnGroupStateAndOutput()
    {
        using var dir = new TempDirectory();
        using var host = Build(dir.Path, s => s
            .AddTopic("lines", 2)
            .AddTopic("word-counts", 2)
            .AddTopic("line-counts", 1)
            .AddTopology("wc", b => WordCount(b), o => o.CommitInterval = TimeSpan.FromMilliseconds(100))
            .AddTopology("per-key", (b, services) =>
            {
                Assert.NotNull(services.GetService<IStreamsApplications>()); // the overload gets the host's services
                b.Stream<string, string>("lines")
                    .SelectKey((key, _) => key[..1])
                    .GroupByKey(Grouped<string, string>.As("by-prefix"))
                    .Count(materialized: Materialized<string, long>.As("per-prefix"))
                    .ToStream()
                    .To("line-counts");
            }, o => o.ProcessingGuarantee = "exactly_once_v2"));
        await host.StartAsync();
        var apps = host.Services.GetRequiredService<IStreamsApplications>();
        Assert.Equal(["wc", "per-key"], apps.ApplicationIds);

        List<string> lines = Lines(150, 4);
        await ProduceLinesAsync(host.Services, "lines", lines, keyPrefix: "a");
        await ProduceLinesAsync(host.Services, "lines", lines.Take(50).ToList(), keyPrefix: "b");
        using (var cts = new CancellationTokenSource(WaitTimeout))
        {
            await apps.WaitUntilProcessedAsync("wc", cts.Token);
            await apps.WaitUntilProcessedAsync("per-key", cts.Token); // exactly_once_v2: transaction markers do not hold it up
        }

        var transport = host.Services.GetRequiredService<IStreamingTransport>();
        Assert.True(Same(TrueCounts(lines.Concat(lines.Take(50))), LatestByKey(transport, "word-counts")));
        Assert.True(Same(new Dictionary<string, long> { ["a"] = 150, ["b"] = 50 }, LatestByKey(transport, "line-counts")));
        Assert.True(Directory.Exists(Path.Combine(dir.Path, "streams-state", "wc")));
        Assert.True(Directory.Exists(Path.Combine(dir.Path, "streams-state", "per-key")));
        Assert.Equal(ProcessingGuarantee.ExactlyOnceV2, apps.Get("per-key").Config.ProcessingGuarantee);
        Assert.Equal(ProcessingGuarantee.AtLeastOnce, apps.Get("wc").Config.ProcessingGuarantee);

        await apps.Get("wc").WaitForStateAsync(KafkaStreamsState.Running, WaitTimeout);
        await apps.Get("per-key").WaitForStateAsync(KafkaStreamsState.Running, WaitTimeout);
        var health = await HealthAsync(host);
        Assert.True(health.Status == HealthStatus.Healthy, health.Description);
        Assert.Contains("2 topologies", health.Description);
        Assert.Equal("Running", health.Data["per-key.state"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task Metrics_StoreEntriesAndRestoreGauges_ReportTheHostedTopologysStores()
    {
        using var dir = new TempDirectory();
        using var host = Build(dir.Path, s => s
            .AddTopic("lines", 2)
            .AddTopic("word-counts", 2)
            .AddTopology("metered-wc", b => WordCount(b), o =>
            {
                o.CommitInterval = TimeSpan.FromMilliseconds(100);
                o.DefaultDslStore = Streaming.Streams.State.StoreType.InMemory; // exact entry counts (RocksDB's are estimates)
            }));
        var scope = host.Services.GetRequiredService<IMeterFactory>();
        var entries = new ConcurrentDictionary<(string Task, string Store), long>();
        long? toRestore = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StreamingDiagnostics.MeterName && instrument.Meter.Scope == scope) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(kv => kv.Key, kv => kv.Value);
            if (!t.TryGetValue("streams.application_id", out object? app) || !Equals(app, "metered-wc")) return;
            if (instrument.Name == StreamingDiagnostics.StoreEntries) entries[((string)t["streams.task_id"]!, (string)t["streams.store"]!)] = value;
            else if (instrument.Name == StreamingDiagnostics.RecordsToRestore) toRestore = value;
        });
        listener.Start();
        await host.StartAsync();

        List<string> lines = Lines(200, 5);
        await ProduceLinesAsync(host.Services, "lines", lines);
        using (var cts = new CancellationTokenSource(WaitTimeout))
            await host.Services.GetRequiredService<IStreamsApplications>().WaitUntilProcessedAsync("metered-wc", cts.Token);
        int distinctWords = TrueCounts(lines).Count;
        await WaitUntilAsync(() =>
        {
            listener.RecordObservableInstruments();
            return entries.Where(e => e.Key.Store == "counts").Sum(e => e.Value) == distinctWords;
        }, $"the 'counts' stores to hold {distinctWords} words (saw {string.Join(", ", entries.Select(e => $"{e.Key}={e.Value}"))})");
        Assert.Equal(["1_0", "1_1"], entries.Keys.Where(k => k.Store == "counts").Select(k => k.Task).Order());
        Assert.Equal(0, toRestore);
        await host.StopAsync();
    }
}
