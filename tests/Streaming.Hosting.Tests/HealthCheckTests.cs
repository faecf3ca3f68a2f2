using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Streaming.Hosting.Consumers;

namespace Streaming.Hosting.Tests;

public sealed class HealthCheckTests
{
    private static async Task<HealthReportEntry> CheckAsync(TestHost host)
        => (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("streaming"))).Entries["streaming"];

    [Fact]
    public async Task HealthCheck_HandlerStalls_TurnsUnhealthyAndRecovers()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new Probe
        {
            OnRecord = async (_, _) =>
            {
                started.TrySetResult();
                await release.Task;
            },
        };
        await using var host = await TestHost.StartAsync(dir.Path,
            s => s.AddTopic("orders").AddConsumer<StringHandler>("orders", "billing", o => o.StallTimeout = TimeSpan.FromSeconds(30)),
            services => services.AddSingleton(probe).AddSingleton<TimeProvider>(time));
        var idle = await CheckAsync(host);
        Assert.True(idle.Status == HealthStatus.Healthy, idle.Description);

        await host.ProduceAsync("orders", 0, "k", "v");
        await started.Task.WaitAsync(TestHost.Timeout);
        time.Advance(TimeSpan.FromSeconds(10));
        var busy = await CheckAsync(host);
        Assert.True(busy.Status == HealthStatus.Healthy, busy.Description); // busy, but within the stall timeout
        time.Advance(TimeSpan.FromSeconds(25));
        var stalled = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, stalled.Status);
        Assert.Contains("stalled", stalled.Description);
        Assert.Equal(1, stalled.Data["StringHandler.in_flight"]);

        release.SetResult();
        await host.WaitUntilConsumedAsync();
        WaitForPoll(host, time); // the poll loop has stamped the fake clock's current time
        var recovered = await CheckAsync(host);
        Assert.True(recovered.Status == HealthStatus.Healthy, recovered.Description);
    }

    [Fact]
    public async Task HealthCheck_PollLoopBlocked_TurnsUnhealthyAndRecovers()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        InterceptingTransport? transport = null;
        await using var host = await TestHost.StartAsync(dir.Path,
            s => s.AddTopic("orders").AddConsumer<StringHandler>("orders", "billing", o => o.StallTimeout = TimeSpan.FromSeconds(30)),
            services =>
            {
                services.AddSingleton(new Probe()).AddSingleton<TimeProvider>(time);
                transport = InterceptingTransport.Register(services, dir.Path);
            });
        WaitForPoll(host, time);
        var running = await CheckAsync(host);
        Assert.True(running.Status == HealthStatus.Healthy, running.Description);

        using var blocked = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        try
        {
            // Block the loop inside the client with no record in flight: only the loop's own liveness can show it.
            transport!.BeforeConsume = () =>
            {
                blocked.Set();
                release.Wait(TestHost.Timeout);
            };
            Assert.True(blocked.Wait(TestHost.Timeout));
            time.Advance(TimeSpan.FromSeconds(20));
            var slow = await CheckAsync(host);
            Assert.True(slow.Status == HealthStatus.Healthy, slow.Description); // within the stall timeout
            time.Advance(TimeSpan.FromSeconds(15));
            var stuck = await CheckAsync(host);
            Assert.Equal(HealthStatus.Unhealthy, stuck.Status);
            Assert.Contains("poll loop has not iterated", stuck.Description);
            Assert.Equal(0, stuck.Data["StringHandler.in_flight"]);
        }
        finally
        {
            transport!.BeforeConsume = null;
            release.Set();
        }
        WaitForPoll(host, time);
        var recovered = await CheckAsync(host);
        Assert.True(recovered.Status == HealthStatus.Healthy, recovered.Description);
    }

    /// <summary>Waits until the poll loop has begun an iteration at the fake clock's current time.</summary>
    private static void WaitForPoll(TestHost host, FakeTimeProvider time)
    {
        var worker = Assert.Single(host.Services.GetRequiredService<ConsumerWorkerRegistry>().Workers);
        var now = time.GetUtcNow();
        Assert.True(SpinWait.SpinUntil(() => worker.LastPoll >= now, TestHost.Timeout), "the poll loop did not iterate");
    }

    [Fact]
    public async Task HealthCheck_ConsumerStoppedOnFatalError_IsUnhealthy()
    {
        using var dir = new TempDirectory();
        var probe = new Probe { OnRecord = (_, _) => throw new InvalidOperationException("broken handler") };
        await using var host = await TestHost.StartAsync(dir.Path,
            s => s.AddTopic("orders").AddConsumer<StringHandler>("orders", "billing", o => ConsumerTests.StopOnFirstFailure(o)),
            services => services.AddSingleton(probe),
            o => o.StopHostOnFatalError = false);
        await host.ProduceAsync("orders", 0, "k", "v");
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.WaitUntilConsumedAsync());
        var entry = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("broken handler", entry.Description);
    }
}
