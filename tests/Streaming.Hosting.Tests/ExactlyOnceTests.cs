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
}
