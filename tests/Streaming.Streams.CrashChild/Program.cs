using System.Globalization;
using Streaming;
using Streaming.Broker;
using Streaming.Streams;

// Usage: Streaming.Streams.CrashChild <data dir> <at_least_once|exactly_once_v2> <expected total> [count|windowed-join]
// Runs a counting topology (input keyed by record id, grouped by value through a repartition topic, counted into a
// RocksDB store, counts to "counts-out") on an embedded broker kept in <data dir>/broker, state in <data dir>/state.
// Prints "processed <n>" as it goes and "drained" once the committed output accounts for every input record, then exits 0.
string dataDir = args[0];
ProcessingGuarantee guarantee = ProcessingGuarantees.Parse(args[1]);
long expected = long.Parse(args[2], CultureInfo.InvariantCulture);
bool windowedJoin = args.Length > 3 && args[3] == "windowed-join";

using var broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions
{
    DataDirectory = Path.Combine(dataDir, "broker"),
    AutoCreateTopics = false,
    GroupInitialRebalanceDelay = TimeSpan.Zero,
    TransactionStateTopicPartitions = 4,
    OffsetsTopicPartitions = 4,
});
var builder = new StreamsBuilder(new StreamsConfig
{
    ApplicationId = "crash-count",
    StateDirectory = Path.Combine(dataDir, "state"),
    ProcessingGuarantee = guarantee,
    CommitInterval = TimeSpan.FromMilliseconds(guarantee == ProcessingGuarantee.ExactlyOnceV2 ? 100 : 500),
    // Small cache: the output carries many intermediate counts, so more of it is at stake when the process dies.
    StateStoreCacheMaxBytes = 64 * 1024,
    ClientConfig = new Dictionary<string, string> { ["session.timeout.ms"] = "6000" },
});
if (windowedJoin)
{
    // Each word joined with its group (a table), re-keyed by group, counted in 10 s windows (grace wide enough that no
    // record is late): a repartition, a stream-table join, a window store and its changelog all under the crash.
    var groups = builder.Table<string, string>("groups");
    builder.Stream<string, string>("input")
        .SelectKey((_, word) => word)
        .Join(groups, (word, group) => group, Joined<string, string, string>.As("with-group"))
        .GroupBy((_, group) => group, Grouped<string, string>.As("by-group"))
        .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)))
        .Count(materialized: Materialized<string, long>.As("window-counts"))
        .ToStream()
        .To("counts-out", Produced<Windowed<string>, long>.With(WindowedSerdes.TimeWindowedSerde(Serdes.String, 10_000), Serdes.Int64));
}
else
{
    builder.Stream<string, string>("input")
        .GroupBy((_, word) => word, Grouped<string, string>.As("by-word"))
        .Count(materialized: Materialized<string, long>.As("counts"))
        .ToStream()
        .To("counts-out");
}

await using var streams = new KafkaStreams(builder.Build(), broker);
await streams.StartAsync();
long lastPrinted = -1;
using var reader = new ConsumerBuilder<byte[], long>(broker, new ConsumerConfig { IsolationLevel = IsolationLevel.ReadCommitted, EnableAutoCommit = false }).Build();
var latest = new Dictionary<string, long>();
var assigned = false;
var lastCheck = DateTime.UtcNow;
while (true)
{
    if (streams.State is KafkaStreamsState.Error or KafkaStreamsState.NotRunning)
    {
        Console.Error.WriteLine($"streams stopped: {streams.State} {streams.Error}");
        return 3;
    }
    long processed = streams.Metrics().ProcessedRecords;
    if (processed != lastPrinted)
    {
        Console.WriteLine($"processed {processed}");
        lastPrinted = processed;
    }
    if (DateTime.UtcNow - lastCheck > TimeSpan.FromMilliseconds(250))
    {
        lastCheck = DateTime.UtcNow;
        if (!assigned)
        {
            reader.Assign(Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset("counts-out", p, Offset.Beginning)));
            assigned = true;
        }
        for (ConsumeResult<byte[], long>? r = reader.Consume(TimeSpan.Zero); r is not null; r = reader.Consume(TimeSpan.Zero))
        {
            if (!r.IsPartitionEOF) latest[Convert.ToHexString(r.Message.Key)] = r.Message.Value;
        }
        // Exactly once: the committed output accounts for every input record exactly when it is drained. At least once it
        // may over-count (the sum passes the total early), so there the group must have committed everything it read.
        bool drained = guarantee == ProcessingGuarantee.ExactlyOnceV2 ? latest.Values.Sum() >= expected : await CaughtUpAsync();
        if (drained)
        {
            await streams.CloseAsync(TimeSpan.FromSeconds(30));
            Console.WriteLine("drained");
            return 0;
        }
    }
    await Task.Delay(20);
}

async Task<bool> CaughtUpAsync()
{
    using IAdminClient admin = broker.CreateAdminClient(new AdminClientConfig());
    IReadOnlyList<GroupPartitionOffset> offsets;
    try
    {
        offsets = await admin.ListConsumerGroupOffsetsAsync("crash-count");
    }
    catch (GroupIdNotFoundException)
    {
        return false;
    }
    // The input and the repartition topic, 3 partitions each, all committed up to their ends.
    return offsets.Count(o => o.Committed.Value >= 0) == 6 && offsets.All(o => o.Lag == 0);
}
