using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly;
using Polly.Retry;

namespace Streaming.Hosting.Tests;

public sealed class ConsumerTests
{
    private static void FastRetry(ConsumerHandlerOptions o, int retries)
        => o.ConfigureResilience = (b, _) => b.AddRetry(new RetryStrategyOptions { MaxRetryAttempts = retries, Delay = TimeSpan.FromMilliseconds(1), BackoffType = DelayBackoffType.Constant });

    [Fact]
    public async Task Handler_RecordsProduced_ReceivesEachWithItsContext()
    {
        using var dir = new TempDirectory();
        var probe = new Probe();
        var seen = new ConcurrentBag<(string Value, string Topic, int Partition, long Offset, string Header, string Group)>();
        probe.OnRecord = (r, c) =>
        {
            seen.Add((r.Message.Value, c.Topic, c.Partition, c.Offset.Value, TestHost.HeaderText(c.Headers, "h"), c.GroupId));
            return default;
        };
        await using var host = await TestHost.StartAsync(dir.Path, s => s.AddTopic("orders", 2).AddConsumer<StringHandler>("orders", "billing"),
            services => services.AddSingleton(probe));
        var headers = new Headers { { "h", "v" } };
        await host.ProduceAsync("orders", 0, "a", "one", headers);
        await host.ProduceAsync("orders", 1, "b", "two");
        await host.WaitUntilConsumedAsync();
        Assert.Contains(("one", "orders", 0, 0L, "v", "billing"), seen);
        Assert.Contains(("two", "orders", 1, 0L, "", "billing"), seen);
    }

    [Fact]
    public async Task Handler_AlwaysFails_RetriedThenDeadLetteredWithErrorHeaders()
    {
        using var dir = new TempDirectory();
        var probe = new Probe();
        var attempts = new ConcurrentDictionary<string, int>();
        probe.OnRecord = (r, c) =>
        {
            attempts.AddOrUpdate(r.Message.Value, 1, (_, n) => n + 1);
            if (r.Message.Value == "poison") throw new InvalidOperationException("cannot bill 'poison'");
            return default;
        };
        await using var host = await TestHost.StartAsync(dir.Path, s => s.AddTopic("orders").AddConsumer<StringHandler>("orders", "billing", o => FastRetry(o, 2)),
            services => services.AddSingleton(probe));
        await host.ProduceAsync("orders", 0, "k1", "ok-1");
        await host.ProduceAsync("orders", 0, "k2", "poison", new Headers { { "origin", "test" } });
        await host.ProduceAsync("orders", 0, "k3", "ok-2");
        await host.WaitUntilConsumedAsync();

        Assert.Equal(3, attempts["poison"]); // the first attempt and 2 retries
        Assert.Equal(1, attempts["ok-2"]); // processing went on after the dead-lettering
        var dead = Assert.Single(TestHost.Read(host.Transport, "orders.dlq", 1));
        Assert.Equal("k2", dead.Message.Key);
        Assert.Equal("poison", dead.Message.Value);
        Assert.Equal("test", TestHost.HeaderText(dead.Message.Headers, "origin"));
        Assert.Equal("orders", TestHost.HeaderText(dead.Message.Headers, DeadLetterHeaders.Topic));
        Assert.Equal("0", TestHost.HeaderText(dead.Message.Headers, DeadLetterHeaders.Partition));
        Assert.Equal("1", TestHost.HeaderText(dead.Message.Headers, DeadLetterHeaders.Offset));
        Assert.Equal("billing", TestHost.HeaderText(dead.Message.Headers, DeadLetterHeaders.GroupId));
        Assert.Equal("3", TestHost.HeaderText(dead.Message.Headers, DeadLetterHeaders.Attempts));
        Assert.Equal(typeof(InvalidOperationException).FullName, TestHost.HeaderText(dead.Message.Headers, DeadLetterHeaders.ExceptionType));
        Assert.Equal("cannot bill 'poison'", TestHost.HeaderText(dead.Message.Headers, DeadLetterHeaders.ExceptionMessage));
        Assert.Contains("ConsumerTests", TestHost.HeaderText(dead.Message.Headers, DeadLetterHeaders.ExceptionStackTrace));
    }

    [Fact]
    public async Task Handler_OnePartitionRetrying_OtherPartitionsKeepGoing()
    {
        using var dir = new TempDirectory();
        var probe = new Probe();
        var partitionOneDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int partitionOneCount = 0;
        const int PerPartition = 50;
        probe.OnRecord = (r, c) =>
        {
            // Partition 0's first record fails until every record of partition 1 was handled: if partition 0's retries
            // held partition 1 up, this would never end.
            if (c.Partition == 0 && !partitionOneDone.Task.IsCompleted) throw new TimeoutException("downstream not ready");
            if (c.Partition == 1 && Interlocked.Increment(ref partitionOneCount) == PerPartition) partitionOneDone.SetResult();
            return default;
        };
        await using var host = await TestHost.StartAsync(dir.Path,
            s => s.AddTopic("orders", 2).AddConsumer<StringHandler>("orders", "billing", o => o.ConfigureResilience = (b, _) =>
                b.AddRetry(new RetryStrategyOptions { MaxRetryAttempts = int.MaxValue, Delay = TimeSpan.FromMilliseconds(5), BackoffType = DelayBackoffType.Constant })),
            services => services.AddSingleton(probe));
        await host.ProduceAsync("orders", 0, "p0", "first");
        for (int i = 0; i < PerPartition; i++) await host.ProduceAsync("orders", 1, "p1-" + i, "v" + i);
        await host.WaitUntilConsumedAsync();
        Assert.True(partitionOneDone.Task.IsCompleted);
        Assert.Empty(TestHost.ReadToEnd(host.Transport, "orders.dlq")); // partition 0's record succeeded once unblocked
    }

    [Fact]
    public async Task Handler_ManyPartitionsConcurrently_KeepsOrderWithinEachPartition()
    {
        using var dir = new TempDirectory();
        var probe = new Probe();
        var order = new ConcurrentDictionary<int, ConcurrentQueue<long>>();
        int running = 0, maxRunning = 0;
        probe.OnRecord = async (r, c) =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await Task.Yield();
            await Task.Delay(Random.Shared.Next(0, 2));
            order.GetOrAdd(c.Partition, _ => new ConcurrentQueue<long>()).Enqueue(c.Offset.Value);
            Interlocked.Decrement(ref running);
        };
        await using var host = await TestHost.StartAsync(dir.Path,
            s => s.AddTopic("orders", 4).AddConsumer<StringHandler>("orders", "billing", o => o.MaxConcurrency = 4),
            services => services.AddSingleton(probe));
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => host.ProduceAsync("orders", i % 4, "k" + i, "v" + i)));
        await host.WaitUntilConsumedAsync();
        Assert.Equal(4, order.Count);
        foreach (var offsets in order.Values) Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), offsets);
        Assert.InRange(maxRunning, 2, 4); // parallel across partitions, within the bound
    }

    [Fact]
    public async Task Handler_PerKeyOrdering_KeepsOrderPerKeyAndRunsKeysInParallel()
    {
        using var dir = new TempDirectory();
        var probe = new Probe();
        var order = new ConcurrentDictionary<string, ConcurrentQueue<int>>();
        int running = 0, maxRunning = 0;
        probe.OnRecord = async (r, c) =>
        {
            InterlockedMax(ref maxRunning, Interlocked.Increment(ref running));
            await Task.Delay(1);
            order.GetOrAdd(r.Message.Key, _ => new ConcurrentQueue<int>()).Enqueue(int.Parse(r.Message.Value, System.Globalization.CultureInfo.InvariantCulture));
            Interlocked.Decrement(ref running);
        };
        await using var host = await TestHost.StartAsync(dir.Path,
            s => s.AddTopic("orders").AddConsumer<StringHandler>("orders", "billing", o =>
            {
                o.Ordering = ProcessingOrder.PerKey;
                o.MaxConcurrency = 8;
            }),
            services => services.AddSingleton(probe));
        // Sent in one go (in order, batched), so that records arrive faster than they are handled.
        await Task.WhenAll(Enumerable.Range(0, 160).Select(i => host.ProduceAsync("orders", 0, "key-" + (i % 16), i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        await host.WaitUntilConsumedAsync();
        foreach (var (key, values) in order) Assert.Equal(values.OrderBy(v => v), values);
        Assert.Equal(160, order.Values.Sum(v => v.Count));
        Assert.True(maxRunning > 1, "keys of one partition should run in parallel");
    }

    [Fact]
    public async Task AtLeastOnce_HandlerCrashesMidRecord_RecordRedeliveredAfterRestartAndFinishedOnesAreNot()
    {
        var (beforeCrash, afterRestart) = await CrashAndRestartAsync(DeliveryGuarantee.AtLeastOnce, records: 10, crashOn: "v5");
        Assert.Equal(["v0", "v1", "v2", "v3", "v4", "v5"], beforeCrash);
        Assert.Equal(["v5", "v6", "v7", "v8", "v9"], afterRestart);
    }

    [Fact]
    public async Task AtMostOnce_HandlerCrashesMidRecord_RecordNotRedelivered()
    {
        var (beforeCrash, afterRestart) = await CrashAndRestartAsync(DeliveryGuarantee.AtMostOnce, records: 10, crashOn: "v5");
        Assert.Equal(["v0", "v1", "v2", "v3", "v4", "v5"], beforeCrash);
        // v5 was committed before it was handled (and so were the records polled with it): lost, never redelivered.
        Assert.DoesNotContain("v5", afterRestart);
        Assert.Equal(afterRestart.Order(StringComparer.Ordinal), afterRestart);
    }

    [Fact]
    public async Task AtMostOnce_CrashWithPolledRecordsNotYetHandedOut_TheyAreRedeliveredToTheNextMember()
    {
        // All ten are in the topic before the consumer starts, so its first poll fetches them together.
        var (beforeCrash, afterRestart) = await CrashAndRestartAsync(DeliveryGuarantee.AtMostOnce, records: 10, crashOn: "v5", produceBeforeStart: true);
        Assert.Equal(["v0", "v1", "v2", "v3", "v4", "v5"], beforeCrash);
        // v5 was in flight (committed before it was handed out): lost. v6..v9 were polled but never handed out: not lost.
        Assert.Equal(["v6", "v7", "v8", "v9"], afterRestart);
    }

    /// <summary>
    /// Runs a host whose handler crashes (stops the consumer and the host) on <paramref name="crashOn"/>, then a second
    /// host on the same data directory; returns what each one's handler saw.
    /// </summary>
    private static async Task<(List<string> BeforeCrash, List<string> AfterRestart)> CrashAndRestartAsync(DeliveryGuarantee guarantee, int records, string crashOn,
        bool produceBeforeStart = false)
    {
        using var dir = new TempDirectory();
        var seen = new ConcurrentQueue<string>();
        bool crash = true;
        var probe = new Probe
        {
            OnRecord = (r, c) =>
            {
                seen.Enqueue(r.Message.Value);
                if (crash && r.Message.Value == crashOn) throw new InvalidOperationException("process crashed");
                return default;
            },
        };
        void Configure(StreamingBuilder s) => s.AddTopic("orders").AddConsumer<StringHandler>("orders", "billing", o => StopOnFirstFailure(o, guarantee));

        if (produceBeforeStart)
        {
            using var broker = Streaming.Broker.EmbeddedBroker.Open(new Streaming.Broker.EmbeddedBrokerOptions { DataDirectory = dir.Path });
            using var producer = new ProducerBuilder<string, string>(broker, new ProducerConfig()).Build();
            for (int i = 0; i < records; i++) await producer.ProduceAsync("orders", new Message<string, string> { Key = "k", Value = "v" + i });
        }
        var first = await TestHost.StartAsync(dir.Path, Configure, services => services.AddSingleton(probe));
        if (!produceBeforeStart)
        {
            for (int i = 0; i < records; i++) await first.ProduceAsync("orders", 0, "k", "v" + i);
        }
        await WaitAsync(first.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping); // the fatal error stops the host
        await first.DisposeAsync();
        List<string> beforeCrash = [.. seen];

        seen.Clear();
        crash = false;
        await using var second = await TestHost.StartAsync(dir.Path, Configure, services => services.AddSingleton(probe));
        await second.WaitUntilConsumedAsync();
        return (beforeCrash, [.. seen]);
    }

    /// <summary>No retries, and the consumer stops on the first failure.</summary>
    internal static void StopOnFirstFailure(ConsumerHandlerOptions o, DeliveryGuarantee guarantee = DeliveryGuarantee.AtLeastOnce)
    {
        o.DeliveryGuarantee = guarantee;
        o.OnFailure = ProcessingFailureAction.StopConsumer;
        o.ConfigureResilience = (_, _) => { };
    }

    [Fact]
    public async Task StopAsync_RecordInFlight_FinishesItCommitsProcessedOffsetsAndLeavesTheRestForLater()
    {
        using var dir = new TempDirectory();
        var probe = new Probe();
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new ConcurrentQueue<long>();
        probe.OnRecord = async (r, c) =>
        {
            if (c.Offset.Value == 10)
            {
                blocked.SetResult();
                await release.Task;
            }
            finished.Enqueue(c.Offset.Value);
        };
        var host = await TestHost.StartAsync(dir.Path, s => s.AddTopic("orders").AddConsumer<StringHandler>("orders", "billing", o => o.CommitInterval = TimeSpan.FromHours(1)),
            services => services.AddSingleton(probe));
        for (int i = 0; i < 20; i++) await host.ProduceAsync("orders", 0, "k", "v" + i);
        await blocked.Task.WaitAsync(TestHost.Timeout);
        var stopping = host.StopAsync();
        release.SetResult();
        await stopping.WaitAsync(TestHost.Timeout);
        host.Host.Dispose();

        // The record in flight finished; records after it may or may not have started before the stop was noticed, but
        // exactly what finished is committed.
        long[] done = [.. finished];
        Assert.Equal(Enumerable.Range(0, done.Length).Select(i => (long)i), done);
        Assert.Contains(10L, done);
        using (var broker = Streaming.Broker.EmbeddedBroker.Open(new Streaming.Broker.EmbeddedBrokerOptions { DataDirectory = dir.Path }))
        using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
        {
            var committed = Assert.Single(await admin.ListConsumerGroupOffsetsAsync("billing"));
            Assert.Equal(done.Length, committed.Committed.Value);
        }

        finished.Clear();
        probe.OnRecord = (r, c) =>
        {
            finished.Enqueue(c.Offset.Value);
            return default;
        };
        await using var second = await TestHost.StartAsync(dir.Path, s => s.AddTopic("orders").AddConsumer<StringHandler>("orders", "billing"),
            services => services.AddSingleton(probe));
        await second.WaitUntilConsumedAsync();
        Assert.Equal(Enumerable.Range(done.Length, 20 - done.Length).Select(i => (long)i), finished); // the rest, and nothing twice
    }

    [Fact]
    public async Task StopConsumer_FatalError_StopsTheHostWhenConfigured()
    {
        using var dir = new TempDirectory();
        var probe = new Probe { OnRecord = (_, _) => throw new InvalidOperationException("fatal") };
        await using var host = await TestHost.StartAsync(dir.Path,
            s => s.AddTopic("orders").AddConsumer<StringHandler>("orders", "billing", o => StopOnFirstFailure(o)),
            services => services.AddSingleton(probe));
        await host.ProduceAsync("orders", 0, "k", "v");
        await WaitAsync(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.WaitUntilConsumedAsync());
        Assert.Equal("fatal", error.InnerException?.Message);
    }

    internal static Task WaitAsync(CancellationToken token)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => tcs.TrySetResult());
        return tcs.Task.WaitAsync(TestHost.Timeout);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
