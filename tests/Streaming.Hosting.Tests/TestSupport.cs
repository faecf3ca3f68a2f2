using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Hosting;

namespace Streaming.Hosting.Tests;

/// <summary>A temporary data directory, deleted on disposal.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("streaming-hosting-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

/// <summary>What a test's handler does with each record; shared with the handler through DI.</summary>
public sealed class Probe
{
    public Func<ConsumeResult<string, string>, RecordContext, ValueTask> OnRecord { get; set; } = (_, _) => default;
}

public sealed class StringHandler(Probe probe) : IRecordHandler<string, string>
{
    public ValueTask HandleAsync(ConsumeResult<string, string> record, RecordContext context) => probe.OnRecord(record, context);
}

/// <summary>A generic host with AddStreaming on the embedded broker in a temp directory, started and stopped by the test.</summary>
public sealed class TestHost : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private TestHost(IHost host) => Host = host;

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public IStreamingTransport Transport => Services.GetRequiredService<IStreamingTransport>();

    public static IHost Build(string dataDirectory, Action<StreamingBuilder>? configure = null, Action<IServiceCollection>? services = null,
        Action<StreamingOptions>? options = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        var streaming = builder.AddStreaming(o =>
        {
            o.EmbeddedBroker.DataDirectory = dataDirectory;
            o.EmbeddedBroker.GroupInitialRebalanceDelay = TimeSpan.Zero;
            options?.Invoke(o);
        });
        configure?.Invoke(streaming);
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    public static async Task<TestHost> StartAsync(string dataDirectory, Action<StreamingBuilder>? configure = null, Action<IServiceCollection>? services = null,
        Action<StreamingOptions>? options = null)
    {
        var host = Build(dataDirectory, configure, services, options);
        await host.StartAsync();
        return new TestHost(host);
    }

    public async Task ProduceAsync(string topic, int partition, string key, string value, Headers? headers = null)
    {
        var producer = Services.GetRequiredService<IProducer<string, string>>();
        await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<string, string> { Key = key, Value = value, Headers = headers });
    }

    public async Task WaitUntilConsumedAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await Services.GetRequiredService<ConsumptionTracker>().WaitUntilConsumedAsync(cts.Token);
    }

    public Task StopAsync() => Host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }

    /// <summary>Reads <paramref name="count"/> records of a topic from the beginning (all partitions), failing after <see cref="Timeout"/>.</summary>
    public static List<ConsumeResult<string?, string?>> Read(IStreamingTransport transport, string topic, int count, int partitions = 1, bool readCommitted = false)
    {
        var config = new ConsumerConfig { IsolationLevel = readCommitted ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted };
        using var consumer = new ConsumerBuilder<string?, string?>(transport, config).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var results = new List<ConsumeResult<string?, string?>>();
        var deadline = DateTime.UtcNow + Timeout;
        while (results.Count < count && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (r is not null && !r.IsPartitionEOF) results.Add(r);
        }
        return results;
    }

    /// <summary>Reads every record of a topic up to its end (its last stable offset under read_committed).</summary>
    public static List<ConsumeResult<string?, string?>> ReadToEnd(IStreamingTransport transport, string topic, int partitions = 1, bool readCommitted = false)
    {
        var config = new ConsumerConfig { IsolationLevel = readCommitted ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted, EnablePartitionEof = true };
        using var consumer = new ConsumerBuilder<string?, string?>(transport, config).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var results = new List<ConsumeResult<string?, string?>>();
        var ended = new HashSet<int>();
        var deadline = DateTime.UtcNow + Timeout;
        while (ended.Count < partitions && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (r is null) continue;
            if (r.IsPartitionEOF) ended.Add(r.Partition);
            else results.Add(r);
        }
        Assert.Equal(partitions, ended.Count);
        return results;
    }

    public static string HeaderText(Headers? headers, string key)
        => headers is not null && headers.TryGetLastBytes(key, out var v) && v is not null ? System.Text.Encoding.UTF8.GetString(v) : "";
}
