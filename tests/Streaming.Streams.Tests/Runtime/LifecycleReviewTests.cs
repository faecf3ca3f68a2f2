using System.Reflection;
using Streaming.Streams.State;

namespace Streaming.Streams.Tests.Runtime;

/// <summary>Regression tests for lifecycle and global-store bugs found in review (KafkaStreams, GlobalStreamThread).</summary>
public sealed class LifecycleReviewTests : IDisposable
{
    private readonly BrokerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private StreamsConfig Config(string app, string? stateDirectory = null) => new()
    {
        ApplicationId = app,
        StateDirectory = stateDirectory ?? _fixture.NewStateDirectory(),
        CommitInterval = TimeSpan.FromMilliseconds(100),
        DefaultDslStore = StoreType.RocksDb,
    };

    /// <summary>
    /// Records written to a global topic after the restore read its end offsets but before its first fetch arrive in the
    /// restore's batch beyond the end: they were skipped, yet the consumer's position had moved past them, so the global
    /// thread (which follows on from that position) never applied them: the global store lacked them for good.
    /// </summary>
    [Fact]
    public async Task A_global_record_written_while_the_global_store_restores_is_not_lost()
    {
        _fixture.CreateTopic("regions", 1);
        _fixture.CreateTopic("in", 1);
        _fixture.CreateTopic("out", 1);
        _fixture.Produce("regions", Enumerable.Range(0, 5).Select(i => ("r" + i, "region" + i, 10L)));
        var transport = new HookedTransport(_fixture.Broker);
        int produced = 0;
        transport.AfterGlobalWatermarks = () =>
        {
            if (Interlocked.Exchange(ref produced, 1) == 0) _fixture.Produce("regions", [("late", "written-during-restore", 20L)]);
        };
        var builder = new StreamsBuilder(Config("global-late"));
        builder.GlobalTable<string, string>("regions", materialized: Materialized<string, string>.As("regions-store"));
        builder.Stream<string, string>("in").To("out");
        await using var streams = new KafkaStreams(builder.Build(), transport);
        await streams.StartAsync();
        await streams.WaitForStateAsync(KafkaStreamsState.Running, TimeSpan.FromSeconds(30));
        Assert.Equal(1, Volatile.Read(ref produced));

        // Once a later record is in the store, every earlier one must be.
        _fixture.Produce("regions", [("after", "written-after-start", 30L)]);
        var store = streams.KeyValueStore<string, string>("regions-store");
        await BrokerFixture.WaitUntilAsync(() => store.TryGet("after", out _), TimeSpan.FromSeconds(30), "the global thread to apply a new record");
        Assert.True(store.TryGet("late", out string? late), "the record written during the restore is missing from the global store");
        Assert.Equal("written-during-restore", late);
    }

    /// <summary>
    /// Closing an instance while <c>StartAsync</c> is still preparing (internal topics, global restore) took the
    /// <c>Created</c> path: NotRunning, Completion done. StartAsync then carried on, moved the closed instance back to
    /// Rebalancing and started its threads; the state directory stayed locked.
    /// </summary>
    [Fact]
    public async Task Closing_while_start_is_preparing_leaves_the_instance_not_running_and_releases_the_state_directory()
    {
        _fixture.CreateTopic("in", 1);
        _fixture.CreateTopic("out", 1);
        string stateDirectory = _fixture.NewStateDirectory();
        var transport = new HookedTransport(_fixture.Broker);
        using var entered = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        int calls = 0;
        transport.BeforeAdmin = () =>
        {
            if (Interlocked.Increment(ref calls) != 1) return;
            entered.Release();
            release.Wait(TimeSpan.FromSeconds(30));
        };
        var builder = new StreamsBuilder(Config("close-while-starting", stateDirectory));
        builder.Stream<string, string>("in").To("out");
        var streams = new KafkaStreams(builder.Build(), transport);
        Task start = Task.Run(() => streams.StartAsync());
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.True(await streams.CloseAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(KafkaStreamsState.NotRunning, streams.State);
        release.Set();
        try
        {
            await start.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (StreamingException)
        {
            // Refusing to start a closed instance is fine; running anyway is not.
        }
        await Task.Delay(200);
        Assert.Equal(KafkaStreamsState.NotRunning, streams.State);
        Assert.Empty(streams.MetadataForLocalThreads());
        Assert.True(streams.Completion.IsCompleted);

        // The state directory is free for another instance.
        var builder2 = new StreamsBuilder(Config("close-while-starting", stateDirectory));
        builder2.Stream<string, string>("in").To("out");
        await using var second = new KafkaStreams(builder2.Build(), _fixture.Broker);
        await second.StartAsync();
        await second.CloseAsync(TimeSpan.FromSeconds(30));
        await streams.CloseAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// A negative timeout was refused only after CloseAsync had moved the instance to PendingShutdown and stopped its
    /// threads: the caller got an exception and the instance was left half-closed (Completion pending).
    /// </summary>
    [Fact]
    public async Task Close_with_a_negative_timeout_is_refused_before_it_stops_anything()
    {
        _fixture.CreateTopic("in", 1);
        _fixture.CreateTopic("out", 1);
        var builder = new StreamsBuilder(Config("close-negative"));
        builder.Stream<string, string>("in").To("out");
        await using var streams = new KafkaStreams(builder.Build(), _fixture.Broker);
        await streams.StartAsync();
        await streams.WaitForStateAsync(KafkaStreamsState.Running, TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => streams.CloseAsync(TimeSpan.FromSeconds(-2)));
        Assert.Equal(KafkaStreamsState.Running, streams.State);
        Assert.True(await streams.CloseAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(KafkaStreamsState.NotRunning, streams.State);
    }

    /// <summary>
    /// Waiting for a state on an instance that has already stopped sat out the whole timeout and then reported a timeout,
    /// though a transition into NotRunning or Error while waiting fails at once.
    /// </summary>
    [Fact]
    public async Task Waiting_for_a_state_on_an_instance_that_already_stopped_fails_at_once()
    {
        var builder = new StreamsBuilder(Config("wait-stopped"));
        builder.Stream<string, string>("in").To("out");
        var streams = new KafkaStreams(builder.Build(), _fixture.Broker);
        Assert.True(await streams.CloseAsync(TimeSpan.FromSeconds(5)));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<InvalidStateException>(() => streams.WaitForStateAsync(KafkaStreamsState.Running, TimeSpan.FromSeconds(5)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
    }

    /// <summary>A transport that runs hooks before admin clients are made and after the global consumer reads watermarks.</summary>
    private sealed class HookedTransport(IStreamingTransport inner) : IStreamingTransport
    {
        public Action? BeforeAdmin { get; set; }

        public Action? AfterGlobalWatermarks { get; set; }

        public string Name => inner.Name;

        public IProducer<TKey, TValue> CreateProducer<TKey, TValue>(ProducerConfig config, ISerializer<TKey> keySerializer, ISerializer<TValue> valueSerializer)
            => inner.CreateProducer(config, keySerializer, valueSerializer);

        public IConsumer<TKey, TValue> CreateConsumer<TKey, TValue>(ConsumerSetup<TKey, TValue> setup)
        {
            IConsumer<TKey, TValue> consumer = inner.CreateConsumer(setup);
            if (AfterGlobalWatermarks is null || setup.Config.ClientId?.EndsWith("GlobalStreamThread", StringComparison.Ordinal) != true) return consumer;
            IConsumer<TKey, TValue> proxy = DispatchProxy.Create<IConsumer<TKey, TValue>, WatermarkHook>();
            var hook = (WatermarkHook)(object)proxy;
            hook.Target = consumer;
            hook.After = AfterGlobalWatermarks;
            return proxy;
        }

        public IAdminClient CreateAdminClient(AdminClientConfig config)
        {
            BeforeAdmin?.Invoke();
            return inner.CreateAdminClient(config);
        }
    }

    public class WatermarkHook : DispatchProxy
    {
        internal object Target { get; set; } = null!;

        internal Action After { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            object? result;
            try
            {
                result = targetMethod!.Invoke(Target, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
            if (targetMethod.Name == "QueryWatermarkOffsets") After();
            return result;
        }
    }
}
