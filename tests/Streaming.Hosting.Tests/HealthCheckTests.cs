using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

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
        var recovered = await CheckAsync(host);
        Assert.True(recovered.Status == HealthStatus.Healthy, recovered.Description);
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
