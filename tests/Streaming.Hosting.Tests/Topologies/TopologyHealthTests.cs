using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Streaming.Streams;
using static Streaming.Hosting.Tests.Topologies.TopologyTestSupport;

namespace Streaming.Hosting.Tests.Topologies;

public sealed class TopologyHealthTests
{
    /// <summary>Copies "in" to "out", throwing on the value "boom".</summary>
    private static void Exploding(StreamsBuilder builder) => builder.Stream<string, string>("in")
        .Peek((_, value) =>
        {
            if (value == "boom") throw new InvalidOperationException("the processor blew up on purpose");
        })
        .To("out");

    [Fact]
    public async Task HealthCheck_TopologyStarting_IsDegradedUntilRunningThenHealthy()
    {
        using var dir = new TempDirectory();
        // The group waits 2 s for more members before its first assignment: the topology stays Rebalancing that long.
        using var host = Build(dir.Path, s => s.AddTopic("lines").AddTopic("word-counts").AddTopology("wc", b => WordCount(b)),
            options: o => o.EmbeddedBroker.GroupInitialRebalanceDelay = TimeSpan.FromSeconds(2));

        var created = await HealthAsync(host);
        Assert.Equal(HealthStatus.Degraded, created.Status);
        Assert.Contains("topology 'wc' has not started", created.Description);

        await host.StartAsync();
        var starting = await HealthAsync(host);
        Assert.Equal(HealthStatus.Degraded, starting.Status);
        Assert.Equal("Rebalancing", starting.Data["wc.state"]);
        Assert.Contains("topology 'wc' is rebalancing", starting.Description);
        Assert.Equal(0L, starting.Data["wc.records_to_restore"]);

        await host.Services.GetRequiredService<IStreamsApplications>().Get("wc").WaitForStateAsync(KafkaStreamsState.Running, WaitTimeout);
        var running = await HealthAsync(host);
        Assert.True(running.Status == HealthStatus.Healthy, running.Description);
        Assert.Equal("Running", running.Data["wc.state"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task ProcessorThrows_DefaultHandling_TopologyEndsInErrorHealthIsUnhealthyAndTheHostStops()
    {
        using var dir = new TempDirectory();
        using var host = Build(dir.Path, s => s.AddTopic("in").AddTopic("out").AddTopology("exploding", Exploding));
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        await host.StartAsync();
        var streams = host.Services.GetRequiredService<IStreamsApplications>().Get("exploding");
        await streams.WaitForStateAsync(KafkaStreamsState.Running, WaitTimeout);

        await host.Services.GetRequiredService<IProducer<string, string>>().ProduceAsync("in", new Message<string, string> { Key = "k", Value = "boom" });
        await stopping.Task.WaitAsync(WaitTimeout); // Streaming:StopHostOnFatalError (true) applies to topologies
        await WaitUntilAsync(() => streams.State == KafkaStreamsState.Error, "the Error state");

        var health = await HealthAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("topology 'exploding' failed", health.Description);
        Assert.Equal("Error", health.Data["exploding.state"]);
        Assert.NotNull(streams.Error);
        await host.StopAsync();
    }

    [Fact]
    public async Task ProcessorThrows_StopHostOnErrorFalse_HostKeepsRunningAndHealthIsUnhealthy()
    {
        using var dir = new TempDirectory();
        using var host = Build(dir.Path, s => s.AddTopic("in").AddTopic("out").AddTopology("exploding", Exploding, o => o.StopHostOnError = false));
        await host.StartAsync();
        var streams = host.Services.GetRequiredService<IStreamsApplications>().Get("exploding");
        await host.Services.GetRequiredService<IProducer<string, string>>().ProduceAsync("in", new Message<string, string> { Key = "k", Value = "boom" });
        await WaitUntilAsync(() => streams.State == KafkaStreamsState.Error, "the Error state");

        var health = await HealthAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("topology 'exploding' failed", health.Description);
        await Task.Yield();
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await host.StopAsync();
    }

    [Fact]
    public async Task ProcessorThrows_ReplaceThreadHandler_TopologyKeepsRunningAndStaysHealthy()
    {
        using var dir = new TempDirectory();
        int failures = 0;
        using var host = Build(dir.Path, s => s.AddTopic("in").AddTopic("out").AddTopology("exploding", b => b.Stream<string, string>("in")
            .Peek((_, value) =>
            {
                if (value == "boom" && Interlocked.Increment(ref failures) == 1) throw new InvalidOperationException("once");
            })
            .To("out"), o => o.UncaughtExceptionHandler = _ => StreamThreadExceptionResponse.ReplaceThread));
        await host.StartAsync();
        var streams = host.Services.GetRequiredService<IStreamsApplications>().Get("exploding");
        await host.Services.GetRequiredService<IProducer<string, string>>().ProduceAsync("in", new Message<string, string> { Key = "k", Value = "boom" });

        // The replacement thread processes the record again (it was not committed) and gets through.
        var transport = host.Services.GetRequiredService<IStreamingTransport>();
        await WaitUntilAsync(() => TestHost.ReadToEnd(transport, "out").Count >= 1, "the record to be copied after the thread was replaced");
        Assert.Equal(2, Volatile.Read(ref failures));
        await streams.WaitForStateAsync(KafkaStreamsState.Running, WaitTimeout);
        var health = await HealthAsync(host);
        Assert.True(health.Status == HealthStatus.Healthy, health.Description);
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await host.StopAsync();
    }
}
