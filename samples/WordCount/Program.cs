// WordCount: a Streams topology hosted by the generic host. It counts the words of the lines in topic 'lines' (3 partitions)
// — split, re-keyed by word through a repartition topic, counted in a RocksDB store backed by a changelog — and writes each
// word's running count to 'word-counts'. The app produces its own sample lines, waits until the topology has processed and
// committed them, prints the counts read back from 'word-counts', and exits.
//
// Embedded broker (the default; data in <temp>/streaming-wordcount, or --data-dir <dir>). The counts are cumulative:
// run it twice and they double.
//   dotnet run --project samples/WordCount
// Any Kafka-protocol broker, e.g. `streaming broker` or Apache Kafka (or set Streaming:Kafka:BootstrapServers):
//   dotnet run --project samples/WordCount -- --bootstrap-server localhost:9092
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streaming;
using Streaming.Hosting;
using Streaming.Streams;

const string ApplicationId = "wordcount";
string[] sampleLines =
[
    "the quick brown fox jumps over the lazy dog",
    "a stream is a table in motion and a table is a stream at rest",
    "the fox counts words while the dog sleeps",
    "every record lands in a partition and every partition keeps its order",
    "Kafka Streams counts words; so does this sample",
    "the lazy dog wakes up and the quick fox runs",
];

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--bootstrap-server"] = "Streaming:Kafka:BootstrapServers",
    ["--data-dir"] = "Streaming:EmbeddedBroker:DataDirectory",
});
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var streaming = builder.AddStreaming();
if (builder.Configuration["Streaming:Kafka:BootstrapServers"] is { Length: > 0 } bootstrapServers)
{
    streaming.UseKafka(bootstrapServers);
}
else
{
    bool dataDirectorySet = builder.Configuration["Streaming:EmbeddedBroker:DataDirectory"] is { Length: > 0 };
    streaming.UseEmbeddedBroker(broker =>
    {
        if (!dataDirectorySet) broker.DataDirectory = Path.Combine(Path.GetTempPath(), "streaming-wordcount");
        broker.GroupInitialRebalanceDelay = TimeSpan.Zero; // one instance: no need to wait for more members
    });
}
streaming
    .AddTopic("lines", partitions: 3)
    .AddTopic("word-counts", partitions: 3)
    .AddTopology(ApplicationId, topology => topology
        .Stream<string, string>("lines")
        .FlatMapValues(line => Regex.Split(line.ToLowerInvariant(), "[^a-z0-9']+").Where(w => w.Length > 0))
        .GroupBy((_, word) => word, Grouped<string, string>.As("words"))   // repartition by word: wordcount-words-repartition
        .Count(materialized: Materialized<string, long>.As("counts"))      // RocksDB store, changelog wordcount-counts-changelog
        .ToStream()
        .To("word-counts"),
        options => options.CommitInterval = TimeSpan.FromMilliseconds(500)); // short, so the sample sees its results soon

using var host = builder.Build();
await host.StartAsync();
var transport = host.Services.GetRequiredService<IStreamingTransport>();
Console.WriteLine($"transport: {transport.Name}");

var producer = host.Services.GetRequiredService<IProducer<string, string>>();
Console.WriteLine($"producing {sampleLines.Length} lines to 'lines':");
string run = Guid.NewGuid().ToString("N")[..8];
for (int i = 0; i < sampleLines.Length; i++)
{
    await producer.ProduceAsync("lines", new Message<string, string> { Key = $"{run}-{i}", Value = sampleLines[i] });
    Console.WriteLine($"  > {sampleLines[i]}");
}

// Wait — without sleeping — until the topology has processed and committed everything produced so far.
using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
{
    try
    {
        await host.Services.GetRequiredService<IStreamsApplications>().WaitUntilProcessedAsync(ApplicationId, timeout.Token);
    }
    catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
    {
        Console.Error.WriteLine($"the topology did not finish: {ex.Message}");
        await host.StopAsync();
        return 1;
    }
}

// Every count the topology wrote is in 'word-counts' now; the latest per word is the word's count.
var counts = ReadLatest(transport, "word-counts");
Console.WriteLine($"word counts ({counts.Count} words, from 'word-counts'):");
foreach (var (word, count) in counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
    Console.WriteLine($"  {word,-12} {count,4}");

await host.StopAsync(); // closes the topology: commits and checkpoints its store
Console.WriteLine("done");
return 0;

static Dictionary<string, long> ReadLatest(IStreamingTransport transport, string topic)
{
    using var admin = transport.CreateAdminClient(new AdminClientConfig());
    int partitions = admin.DescribeTopicsAsync([topic]).GetAwaiter().GetResult()[0].Partitions.Count;
    using var consumer = new ConsumerBuilder<string, long>(transport, new ConsumerConfig { GroupId = "wordcount-printer", EnablePartitionEof = true }).Build();
    consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
    var latest = new Dictionary<string, long>(StringComparer.Ordinal);
    var ended = new HashSet<int>();
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (ended.Count < partitions && DateTime.UtcNow < deadline)
    {
        var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
        if (record is null) continue;
        if (record.IsPartitionEOF) ended.Add(record.Partition);
        else latest[record.Message.Key] = record.Message.Value;
    }
    return latest;
}
