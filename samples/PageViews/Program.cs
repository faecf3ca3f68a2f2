// PageViews: event-time windows, suppression, a stream–table join and sessions, in one Streams topology hosted by the generic
// host. The app produces its own input — user profiles to the table topic 'user-profiles' and page views keyed by user to
// 'page-views', stamped with simulated event times over about ten minutes — and the topology (PageViewsTopology.cs) writes
//   1. views per page in 1-minute windows advancing by 30 s, one final count per window (suppressed) → 'page-views-per-window'
//   2. views joined with the user's profile, counted per region                                   → 'page-views-per-region'
//   3. views per user session (5-minute inactivity gap), a changelog of the sessions' counts      → 'user-sessions'
// then prints the three results read back from those topics and exits.
//
// Embedded broker (the default; data in a fresh <temp>/streaming-pageviews-<id> deleted at the end, or --data-dir <dir>):
//   dotnet run --project samples/PageViews
// Any Kafka-protocol broker, e.g. `streaming broker` or Apache Kafka (or set Streaming:Kafka:BootstrapServers):
//   dotnet run --project samples/PageViews -- --bootstrap-server localhost:9092
using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PageViews;
using Streaming;
using Streaming.Hosting;
using Streaming.Streams;
using static PageViews.PageViewsTopology;

const int Partitions = 3;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--bootstrap-server"] = "Streaming:Kafka:BootstrapServers",
    ["--data-dir"] = "Streaming:EmbeddedBroker:DataDirectory",
});
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var streaming = builder.AddStreaming();
string? temporaryDataDirectory = null;
if (builder.Configuration["Streaming:Kafka:BootstrapServers"] is { Length: > 0 } bootstrapServers)
{
    streaming.UseKafka(bootstrapServers);
}
else
{
    // Without --data-dir, a fresh directory per run, deleted at the end (each run shows its own results; with --data-dir
    // a run continues from the state, topics and event time of the earlier ones).
    if (builder.Configuration["Streaming:EmbeddedBroker:DataDirectory"] is not { Length: > 0 })
        temporaryDataDirectory = Path.Combine(Path.GetTempPath(), $"streaming-pageviews-{Guid.NewGuid():N}");
    streaming.UseEmbeddedBroker(broker =>
    {
        if (temporaryDataDirectory is not null) broker.DataDirectory = temporaryDataDirectory;
        broker.GroupInitialRebalanceDelay = TimeSpan.Zero; // one instance: no need to wait for more members
    });
}
streaming
    .AddTopic(PageViewsTopic, partitions: Partitions)
    .AddTopic(ProfilesTopic, partitions: Partitions) // co-partitioned with page-views: the join reads partition p of both
    .AddTopic(PerWindowTopic, partitions: Partitions)
    .AddTopic(PerRegionTopic, partitions: Partitions)
    .AddTopic(SessionsTopic, partitions: Partitions)
    .AddTopology(PageViewsTopology.ApplicationId, PageViewsTopology.Build, options =>
    {
        // Short, so that each tick below is processed and committed quickly; Kafka Streams' default is 30 s.
        options.CommitInterval = TimeSpan.FromMilliseconds(100);
        options.PollTimeout = TimeSpan.FromMilliseconds(20);
    });

using var cleanup = new DeleteOnDispose(temporaryDataDirectory); // declared first: disposed of after the host
using var host = builder.Build();
await host.StartAsync();
var transport = host.Services.GetRequiredService<IStreamingTransport>();
var apps = host.Services.GetRequiredService<IStreamsApplications>();
Console.WriteLine($"transport: {transport.Name}");

// Event time starts at the current minute — or after the last record of an earlier run on the same data: stream time
// never goes back, so views older than an earlier run's would be dropped as late.
long previous = LastTimestamp(transport, PageViewsTopic);
var start = Later(TimeProvider.System.GetUtcNow(), previous < 0 ? DateTimeOffset.MinValue : DateTimeOffset.FromUnixTimeMilliseconds(previous).AddMinutes(2));
Console.WriteLine($"simulated event time starts at {start:yyyy-MM-ddTHH:mm:ssZ}");

var profileProducer = host.Services.GetRequiredService<IProducer<string, UserProfile>>();
var viewProducer = host.Services.GetRequiredService<IProducer<string, PageView>>();

// The simulated clock advances in ticks of at most the windows' grace, and each tick is processed before the next is
// produced, as if views arrived live. Produced in one burst, minutes of event time would reach the windowed count out of
// order: each input partition's task writes the page repartition topic batch by batch, so a partition's late batch could
// be minutes behind another's, beyond the grace, and be dropped. Within a tick the disorder stays below the grace.
TimeSpan tick = WindowGrace;
var ticks = SampleData.Profiles.Select(p => p.At).Concat(SampleData.Views.Select(v => v.At))
    .Select(at => at.Ticks / tick.Ticks).Distinct().Order().ToList();
Console.WriteLine($"producing {SampleData.Profiles.Length} profiles to '{ProfilesTopic}' and {SampleData.Views.Length} views to '{PageViewsTopic}' in {ticks.Count} ticks of {tick.TotalSeconds:0} s:");
foreach (long t in ticks)
{
    // Profiles first, processed before the tick's views: the join uses the profile the table holds when a view arrives.
    var profiles = SampleData.Profiles.Where(p => p.At.Ticks / tick.Ticks == t).ToList();
    foreach (var (at, userId, profile) in profiles)
    {
        var time = start + at;
        await profileProducer.ProduceAsync(ProfilesTopic, new Message<string, UserProfile> { Key = userId, Value = profile, Timestamp = new(time) });
        Console.WriteLine($"  profile {userId,-8} {profile.Name,-8} {profile.Region,-6} {time:yyyy-MM-ddTHH:mm:ssZ}");
    }
    if (profiles.Count > 0 && !await WaitUntilProcessedAsync(apps)) return await FailAsync(host);

    foreach (var (at, userId, page) in SampleData.Views.Where(v => v.At.Ticks / tick.Ticks == t))
    {
        var time = start + at;
        await viewProducer.ProduceAsync(PageViewsTopic, new Message<string, PageView> { Key = userId, Value = new(page, userId, time), Timestamp = new(time) });
        Console.WriteLine($"  view {time:yyyy-MM-ddTHH:mm:ssZ} {userId,-8} {page}");
    }
    if (!await WaitUntilProcessedAsync(apps)) return await FailAsync(host);
}

// Suppression emits a window when *stream time* passes its end plus grace, and stream time only advances with records —
// never with the wall clock. Without more input the last windows would stay open, and buffered, forever. So the app
// produces a "flush" view per page 10 minutes (more than a window and its grace) after the last view: stream time is per
// task, and each page's windows live in the task of the repartition partition its page hashes to. The flush views' own
// windows stay open (a later run's views close them, outside this run's printed range); the join drops them (the flush
// user has no profile) and the session count filters them out.
var flushTime = start + SampleData.Views.Max(v => v.At) + TimeSpan.FromMinutes(10);
foreach (string page in SampleData.Pages)
{
    await viewProducer.ProduceAsync(PageViewsTopic, new Message<string, PageView> { Key = FlushUser, Value = new(page, FlushUser, flushTime), Timestamp = new(flushTime) });
    Console.WriteLine($"  flush {flushTime:yyyy-MM-ddTHH:mm:ssZ} {FlushUser,-8} {page}");
}
if (!await WaitUntilProcessedAsync(apps)) return await FailAsync(host);

// Every final result is in the output topics now. Earlier runs' results are there too: print this run's windows and
// sessions only (those that start after its first view could be in a window); region counts are cumulative.
long firstWindow = (start - WindowAdvance).ToUnixTimeMilliseconds();
var windows = ReadAll(transport, PerWindowTopic, PageWindowSerde.Deserializer)
    .Select(r => (r.Key, Count: r.Value ?? throw new InvalidDataException($"unexpected tombstone in '{PerWindowTopic}'")))
    .Where(r => r.Key.Window.Start >= firstWindow)
    .OrderBy(r => r.Key.Window.Start).ThenBy(r => r.Key.Key, StringComparer.Ordinal).ToList();
Console.WriteLine($"views per page, {WindowSize.TotalMinutes:0}-minute windows advancing by {WindowAdvance.TotalSeconds:0} s, final counts ({windows.Count}, from '{PerWindowTopic}'):");
foreach (var (window, count) in windows)
    Console.WriteLine($"  [{Time(window.Window.Start)}, {Time(window.Window.End)})  {window.Key,-10} {count,3}");

var regions = ReadAll(transport, PerRegionTopic, Deserializers.Utf8!)
    .GroupBy(r => r.Key, StringComparer.Ordinal).Select(g => (Region: g.Key, Count: g.Last().Value ?? 0))
    .OrderBy(r => r.Region, StringComparer.Ordinal).ToList();
Console.WriteLine($"views per region ({regions.Count} regions, from '{PerRegionTopic}'):");
foreach (var (region, count) in regions)
    Console.WriteLine($"  {region,-8} {count,3}");

// The sessions topic is a changelog: the latest record per session key is its count, a tombstone means the session grew
// into another (a longer one, with its own key). Replaying it in order leaves the sessions as they are now.
var sessions = new Dictionary<Windowed<string>, long>();
int tombstones = 0;
foreach (var (session, count) in ReadAll(transport, SessionsTopic, SessionSerde.Deserializer))
{
    if (count is { } n) sessions[session] = n;
    else if (sessions.Remove(session)) tombstones++;
}
var thisRun = sessions.Where(s => s.Key.Window.Start >= start.ToUnixTimeMilliseconds())
    .OrderBy(s => s.Key.Key, StringComparer.Ordinal).ThenBy(s => s.Key.Window.Start).ToList();
Console.WriteLine($"sessions per user, {SessionGap.TotalMinutes:0}-minute inactivity gap, latest counts ({thisRun.Count}, from '{SessionsTopic}', {tombstones} replaced sessions deleted):");
foreach (var (session, count) in thisRun)
    Console.WriteLine($"  {session.Key,-8} [{Time(session.Window.Start)}, {Time(session.Window.End)}] {count,3} views");

Console.WriteLine($"records dropped by the topology (late or invalid): {apps.Get(PageViewsTopology.ApplicationId).Metrics().DroppedRecords}");
await host.StopAsync(); // closes the topology: commits and checkpoints its stores and suppression buffers
Console.WriteLine("done");
return 0;

// Waits — without sleeping — until the topology has processed and committed everything produced so far.
static async Task<bool> WaitUntilProcessedAsync(IStreamsApplications apps)
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    try
    {
        await apps.WaitUntilProcessedAsync(PageViewsTopology.ApplicationId, timeout.Token);
        return true;
    }
    catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
    {
        Console.Error.WriteLine($"the topology did not finish: {ex.Message}");
        return false;
    }
}

static async Task<int> FailAsync(IHost host)
{
    await host.StopAsync();
    return 1;
}

static string Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

// The start of the minute after `now`, or `atLeast` rounded up to a minute when that is later.
static DateTimeOffset Later(DateTimeOffset now, DateTimeOffset atLeast)
{
    var t = now > atLeast ? now : atLeast;
    var minute = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero);
    return minute.AddMinutes(1);
}

// The highest timestamp among the last records of the topic's partitions, or -1 when it is empty.
static long LastTimestamp(IStreamingTransport transport, string topic)
{
    using var admin = transport.CreateAdminClient(new AdminClientConfig());
    int partitions = admin.DescribeTopicsAsync([topic]).GetAwaiter().GetResult()[0].Partitions.Count;
    using var consumer = new ConsumerBuilder<Ignore, Ignore>(transport, new ConsumerConfig { GroupId = "pageviews-printer" }).Build();
    long last = -1;
    for (int p = 0; p < partitions; p++)
    {
        var tp = new TopicPartition(topic, p);
        long high = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(30)).High.Value;
        if (high == 0) continue;
        consumer.Assign([new TopicPartitionOffset(tp, high - 1)]);
        if (consumer.Consume(TimeSpan.FromSeconds(10)) is { } record) last = Math.Max(last, record.Message.Timestamp.UnixTimestampMs);
    }
    return last;
}

// Every record of the topic, partition by partition in offset order; a tombstone's count is null.
static List<(TKey Key, long? Value)> ReadAll<TKey>(IStreamingTransport transport, string topic, IDeserializer<TKey> keys)
{
    using var admin = transport.CreateAdminClient(new AdminClientConfig());
    int partitions = admin.DescribeTopicsAsync([topic]).GetAwaiter().GetResult()[0].Partitions.Count;
    using var consumer = new ConsumerBuilder<TKey, byte[]?>(transport, new ConsumerConfig { GroupId = "pageviews-printer", EnablePartitionEof = true })
        .SetKeyDeserializer(keys)
        .SetValueDeserializer(Deserializers.ByteArray)
        .Build();
    consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
    var records = new List<(TKey, long?)>();
    var ended = new HashSet<int>();
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (ended.Count < partitions && DateTime.UtcNow < deadline)
    {
        var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
        if (record is null) continue;
        if (record.IsPartitionEOF) ended.Add(record.Partition);
        // A tombstone (a session that grew into another) arrives as a null value.
        else records.Add((record.Message.Key, record.Message.Value is { } bytes ? BinaryPrimitives.ReadInt64BigEndian(bytes) : null));
    }
    return records;
}

/// <summary>Deletes the run's temporary data directory (if any) once the host is disposed of.</summary>
sealed class DeleteOnDispose(string? directory) : IDisposable
{
    public void Dispose()
    {
        if (directory is null) return;
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still held open stays behind in the temp directory.
        }
    }
}
