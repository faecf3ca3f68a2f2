using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Streaming.Streams;

namespace Streaming.Hosting.Tests.Topologies;

/// <summary>Word-count topologies, input and read-back helpers for the hosted-topology tests.</summary>
internal static class TopologyTestSupport
{
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);

    /// <summary>lines → words (repartitioned by word) → count per word (store "counts") → "word-counts".</summary>
    public static void WordCount(StreamsBuilder builder, string input = "lines", string output = "word-counts")
    {
        builder.Stream<string, string>(input)
            .FlatMapValues(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .GroupBy((_, word) => word, Grouped<string, string>.As("words"))
            .Count(materialized: Materialized<string, long>.As("counts"))
            .ToStream()
            .To(output);
    }

    public static List<string> Lines(int n, int seed)
    {
        var random = new Random(seed);
        string[] words = ["apple", "banana", "cherry", "date", "elder", "fig", "grape", "kiwi", "lemon", "mango", "nut", "olive"];
        return [.. Enumerable.Range(0, n).Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(1, 6)).Select(_ => words[random.Next(words.Length)])))];
    }

    public static Dictionary<string, long> TrueCounts(IEnumerable<string> lines)
        => lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).GroupBy(w => w).ToDictionary(g => g.Key, g => (long)g.Count());

    public static int WordTotal(IEnumerable<string> lines) => lines.Sum(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);

    public static async Task ProduceLinesAsync(IServiceProvider services, string topic, IReadOnlyList<string> lines, string keyPrefix = "")
    {
        var producer = services.GetRequiredService<IProducer<string, string>>();
        for (int i = 0; i < lines.Count; i++)
            await producer.ProduceAsync(topic, new Message<string, string> { Key = keyPrefix + i, Value = lines[i] });
        producer.Flush(TimeSpan.FromSeconds(10));
    }

    /// <summary>The latest value of each key of a topic, read from the beginning to its current end.</summary>
    public static Dictionary<string, long> LatestByKey(IStreamingTransport transport, string topic)
    {
        using var admin = transport.CreateAdminClient(new AdminClientConfig());
        if (!admin.ListTopicsAsync().GetAwaiter().GetResult().Contains(topic)) return [];
        int partitions = admin.DescribeTopicsAsync([topic]).GetAwaiter().GetResult()[0].Partitions.Count;
        using var consumer = new ConsumerBuilder<string, long>(transport, new ConsumerConfig { EnablePartitionEof = true }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        var ended = new HashSet<int>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (ended.Count < partitions && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (r is null) continue;
            if (r.IsPartitionEOF) ended.Add(r.Partition);
            else latest[r.Message.Key] = r.Message.Value;
        }
        Assert.Equal(partitions, ended.Count);
        return latest;
    }

    public static bool Same(Dictionary<string, long> expected, Dictionary<string, long> actual)
        => expected.Count == actual.Count && expected.All(e => actual.TryGetValue(e.Key, out long v) && v == e.Value);

    /// <summary>Polls <paramref name="condition"/> until it holds, failing with <paramref name="what"/> after <see cref="WaitTimeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + WaitTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    public static async Task<HealthReportEntry> HealthAsync(IHost host)
        => (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("streaming"))).Entries["streaming"];

    /// <summary>A host like <see cref="TestHost"/>'s, with configuration values in the builder's configuration.</summary>
    public static IHost Build(string dataDirectory, Action<StreamingBuilder> configure, IDictionary<string, string?>? settings = null,
        Action<StreamingOptions>? options = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        var streaming = builder.AddStreaming(o =>
        {
            o.EmbeddedBroker.DataDirectory = dataDirectory;
            o.EmbeddedBroker.GroupInitialRebalanceDelay = TimeSpan.Zero;
            options?.Invoke(o);
        });
        configure(streaming);
        return builder.Build();
    }
}
