using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Retry;

namespace Streaming.Hosting.Tests;

public sealed class ExactlyOnceTests
{
    [Fact]
    public async Task ExactlyOnce_AttemptFailsAfterProducing_OnlyTheSuccessfulAttemptsRecordsAreCommitted()
    {
        using var dir = new TempDirectory();
        var probe = new Probe();
        var attempts = new ConcurrentDictionary<string, int>();
        probe.OnRecord = async (r, c) =>
        {
            int attempt = attempts.AddOrUpdate(r.Message.Value, 1, (_, n) => n + 1);
            await c.Producer.ProduceAsync("out", new Message<string, string> { Key = r.Message.Key, Value = r.Message.Value.ToUpperInvariant() });
            if (r.Message.Value == "flaky" && attempt == 1) throw new TimeoutException("downstream timed out after we produced");
            if (r.Message.Value == "poison") throw new InvalidOperationException("never works");
        };
        await using var host = await TestHost.StartAsync(dir.Path,
            s => s.AddTopic("in").AddTopic("out").AddConsumer<StringHandler>("in", "upper", o =>
            {
                o.DeliveryGuarantee = DeliveryGuarantee.ExactlyOnce;
                o.CommitInterval = TimeSpan.FromMilliseconds(20);
                o.ConfigureResilience = (b, _) => b.AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.FromMilliseconds(1) });
            }),
            services => services.AddSingleton(probe));
        string[] inputs = ["a", "flaky", "b", "poison", "c"];
        foreach (var value in inputs) await host.ProduceAsync("in", 0, "k", value);
        await host.WaitUntilConsumedAsync();
        await host.StopAsync(); // commits the open transaction

        Assert.Equal(2, attempts["flaky"]);
        Assert.Equal(3, attempts["poison"]);
        var output = TestHost.ReadToEnd(host.Transport, "out", readCommitted: true).Select(r => r.Message.Value).ToList();
        Assert.Equal(["A", "FLAKY", "B", "C"], output); // no record of a failed attempt, none twice
        var dead = Assert.Single(TestHost.ReadToEnd(host.Transport, "in.dlq", readCommitted: true));
        Assert.Equal("poison", dead.Message.Value);
        using var admin = host.Transport.CreateAdminClient(new AdminClientConfig());
        Assert.Equal(5, Assert.Single(await admin.ListConsumerGroupOffsetsAsync("upper")).Committed.Value);
    }

    [Fact]
    public async Task ExactlyOnce_ProducerFencedMidTransaction_ReplacesItAndOutputStaysExactlyOnce()
    {
        using var dir = new TempDirectory();
        var probe = new Probe();
        var attempts = new ConcurrentDictionary<string, int>();
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.OnRecord = async (r, c) =>
        {
            attempts.AddOrUpdate(r.Message.Value, 1, (_, n) => n + 1);
            if (r.Message.Value == "v5")
            {
                blocked.TrySetResult();
                await release.Task; // the transaction holding v5 stays open while the test fences it
            }
            await c.Producer.ProduceAsync("out", new Message<string, string> { Key = r.Message.Key, Value = r.Message.Value.ToUpperInvariant() });
        };
        await using var host = await TestHost.StartAsync(dir.Path,
            s => s.AddTopic("in").AddTopic("out").AddConsumer<StringHandler>("in", "upper", o =>
            {
                o.DeliveryGuarantee = DeliveryGuarantee.ExactlyOnce;
                o.CommitInterval = TimeSpan.FromMilliseconds(20);
            }),
            services => services.AddSingleton(probe));
        for (int i = 0; i < 10; i++) await host.ProduceAsync("in", 0, "k", "v" + i);
        await blocked.Task.WaitAsync(TestHost.Timeout);

        Fence(host);
        release.SetResult();
        for (int i = 10; i < 15; i++) await host.ProduceAsync("in", 0, "k", "v" + i);
        await host.WaitUntilConsumedAsync();

        var worker = Assert.Single(host.Services.GetRequiredService<Streaming.Hosting.Consumers.ConsumerWorkerRegistry>().Workers);
        Assert.Equal(Streaming.Hosting.Consumers.ConsumerWorkerState.Running, worker.State);
        Assert.False(host.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        Assert.True(attempts["v5"] >= 2, "v5's transaction was fenced, so v5 must have been handled again");
        await host.StopAsync(); // commits the open transaction

        var output = TestHost.ReadToEnd(host.Transport, "out", readCommitted: true).Select(r => r.Message.Value).ToList();
        Assert.Equal(Enumerable.Range(0, 15).Select(i => "V" + i), output); // every input once, none twice, in order
        using var admin = host.Transport.CreateAdminClient(new AdminClientConfig());
        Assert.Equal(15, Assert.Single(await admin.ListConsumerGroupOffsetsAsync("upper")).Committed.Value);
    }

    [Fact]
    public async Task ExactlyOnce_FencedMoreThanMaxConsecutiveFencings_StopsOnAFatalErrorSayingSo()
    {
        using var dir = new TempDirectory();
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new Probe
        {
            OnRecord = async (_, _) =>
            {
                blocked.TrySetResult();
                await release.Task;
            },
        };
        await using var host = await TestHost.StartAsync(dir.Path,
            s => s.AddTopic("in").AddConsumer<StringHandler>("in", "upper", o =>
            {
                o.DeliveryGuarantee = DeliveryGuarantee.ExactlyOnce;
                o.MaxConsecutiveFencings = 0;
            }),
            services => services.AddSingleton(probe),
            o => o.StopHostOnFatalError = false);
        await host.ProduceAsync("in", 0, "k", "v");
        await blocked.Task.WaitAsync(TestHost.Timeout);
        Fence(host);
        release.SetResult();

        // The record finished, so only its commit finds the producer fenced: wait for the worker to stop.
        var worker = Assert.Single(host.Services.GetRequiredService<Streaming.Hosting.Consumers.ConsumerWorkerRegistry>().Workers);
        using var cts = new CancellationTokenSource(TestHost.Timeout);
        while (true)
        {
            var progress = worker.WhenProgressAsync();
            if (worker.State == Streaming.Hosting.Consumers.ConsumerWorkerState.Faulted) break;
            await progress.WaitAsync(cts.Token);
        }
        var fenced = Assert.IsType<ProducerFencedException>(worker.Fault);
        Assert.Contains("fenced 1 times in a row", fenced.Message);
    }

    /// <summary>Another instance with the worker's transactional.id: its InitTransactions aborts the worker's open transaction.</summary>
    private static void Fence(TestHost host)
    {
        using var intruder = host.Transport.CreateProducer(new ProducerConfig { TransactionalId = "upper.StringHandler.exactly-once" },
            Serializers.Utf8, Serializers.Utf8);
        intruder.InitTransactions(TestHost.Timeout);
    }
}
