using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using Streaming;
using Streaming.Broker;
using Streaming.Streams;
using Streaming.Streams.State;

namespace Streaming.Perf;

/// <summary>The settings of a <c>--workload streams-count</c> run.</summary>
internal sealed record StreamsCountOptions
{
    /// <summary>streams-count, streams-join or streams-failover.</summary>
    public string Workload { get; init; } = "streams-count";
    public required long Records { get; init; }
    public required int Keys { get; init; }
    public required int RecordSize { get; init; }
    public required int Partitions { get; init; }
    public required int Threads { get; init; }
    public required ProcessingGuarantee Guarantee { get; init; }
    public required int RestoreKeys { get; init; }
    public required string? DataDirectory { get; init; }
    public required bool Json { get; init; }
}

/// <summary>
/// The stream-processing benchmark, in process on the embedded broker. Process phase: an input topic is filled with
/// <c>--records</c> records of <c>--record-size</c> bytes over <c>--keys</c> keys, already keyed (the producer's key
/// partitioner), not timed; then a Streams application counts per key (GroupByKey → Count into a RocksDB store behind the
/// record cache, no repartition), timed from start until every input record is processed; the close that follows (its final commit) is timed apart and checked to commit the input's end. Restore
/// phase: a changelog of <c>--restore-keys</c> distinct keys is written for a second application, which is started with an
/// empty state directory and timed until its stores are restored and it is running.
/// </summary>
internal sealed class StreamsCountRun(StreamsCountOptions options, TextWriter output)
{
    public StreamsCountResult Run()
    {
        string directory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "streaming-perf-" + Guid.NewGuid().ToString("N"));
        bool deleteAfter = options.DataDirectory is null;
        try
        {
            using var broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions
            {
                DataDirectory = Path.Combine(directory, "broker"),
                AutoCreateTopics = false,
                GroupInitialRebalanceDelay = TimeSpan.Zero,
            });
            string stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture);
            string input = "count-in-" + stamp;
            using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
                admin.CreateTopicsAsync([new TopicSpecification { Name = input, NumPartitions = options.Partitions }]).GetAwaiter().GetResult();

            Log($"filling '{input}' with {options.Records:N0} records of {options.RecordSize} B over {options.Keys:N0} keys and {options.Partitions} partitions");
            var fill = Stopwatch.StartNew();
            Fill(broker, input);
            Log($"filled in {fill.Elapsed.TotalSeconds:F2} s; counting with {options.Guarantee.Name()}, {options.Threads} stream thread(s), RocksDB store");

            if (options.Workload == "streams-join") return new StreamsJoinRun(options, output).Run(broker, input, stamp, directory);
            if (options.Workload == "streams-failover") return new StreamsFailoverRun(options, output).Run(broker, input, stamp, directory);
            string app = "perf-count-" + stamp;
            var process = Count(broker, input, app, Path.Combine(directory, "state"));
            double rate = options.Records / process.Stats.Seconds;
            Log($"process: {rate:N0} records/s ({process.Stats.Seconds:F2} s, {process.Stats.AllocatedBytes / (double)options.Records:F1} B allocated/record, GCs {process.Stats.Gcs}); " +
                $"{process.Commits:N0} commits, mean {process.MeanCommitMs:F2} ms; close (final commit) {process.CloseSeconds:F2} s; {process.Keys:N0} keys counted, totals verified");

            PhaseStats? restore = null;
            if (options.RestoreKeys > 0)
            {
                Log($"restore: writing a changelog of {options.RestoreKeys:N0} distinct keys");
                restore = Restore(broker, input, "perf-restore-" + stamp, Path.Combine(directory, "state-restore"));
                Log($"restore: {options.RestoreKeys / restore.Value.Seconds:N0} records/s ({restore.Value.Seconds:F2} s, {restore.Value.AllocatedBytes / (double)options.RestoreKeys:F1} B allocated/record)");
            }
            return new StreamsCountResult(options, process.Stats, process.CloseSeconds, process.Commits, process.MeanCommitMs, restore, Process.GetCurrentProcess().PeakWorkingSet64);
        }
        finally
        {
            if (deleteAfter)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    internal void Fill(EmbeddedBroker broker, string topic) => Fill(broker, topic, options);

    internal static void Fill(EmbeddedBroker broker, string topic, StreamsCountOptions options)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(broker, new ProducerConfig { Acks = Acks.Leader, LingerMs = 5, BatchSize = 256 * 1024 }).Build();
        var keys = new byte[options.Keys][];
        for (int k = 0; k < keys.Length; k++) keys[k] = System.Text.Encoding.ASCII.GetBytes($"key-{k:D8}");
        var value = new byte[options.RecordSize];
        var random = new Random(42);
        random.NextBytes(value);
        var message = new Message<byte[], byte[]> { Value = value };
        // Event time spread over ten minutes, so a windowed count sees ten 1-minute windows per key.
        long start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000;
        for (long i = 0; i < options.Records; i++)
        {
            message.Key = keys[i % keys.Length];
            message.Timestamp = new Timestamp(start + (i * 600_000 / options.Records));
            producer.Produce(topic, message);
        }
        producer.Flush(TimeSpan.FromMinutes(5));
    }

    private (PhaseStats Stats, double CloseSeconds, long Commits, double MeanCommitMs, int Keys) Count(EmbeddedBroker broker, string input, string app, string stateDir)
    {
        var builder = new StreamsBuilder(new StreamsConfig
        {
            ApplicationId = app,
            StateDirectory = stateDir,
            ProcessingGuarantee = options.Guarantee,
            NumStreamThreads = options.Threads,
        });
        var grouped = builder.Stream(input, Consumed<byte[], byte[]>.With(Serdes.ByteArray, Serdes.ByteArray)).GroupByKey();
        if (options.Workload == "streams-windowed-count")
            grouped.WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMinutes(1))).Count(materialized: Materialized<byte[], long>.As("counts").WithStoreType(StoreType.RocksDb));
        else
            grouped.Count(materialized: Materialized<byte[], long>.As("counts").WithStoreType(StoreType.RocksDb));
        var ends = Enumerable.Range(0, options.Partitions).Select(p => broker.Topics.GetPartition(new TopicPartition(input, p)).LogEndOffset).ToArray();

        GC.Collect();
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        int gcs = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        using var streams = new KafkaStreams(builder.Build(), broker);
        streams.StartAsync().GetAwaiter().GetResult();
        long lastLog = 0;
        while (streams.Metrics().ProcessedRecords < options.Records)
        {
            if (streams.State is KafkaStreamsState.Error or KafkaStreamsState.NotRunning) throw new InvalidOperationException($"the application stopped: {streams.Error?.Message}");
            if (clock.ElapsedMilliseconds - lastLog > 2000)
            {
                lastLog = clock.ElapsedMilliseconds;
                Log($"  {streams.Metrics().ProcessedRecords:N0} processed");
            }
            Thread.Sleep(1);
        }
        var stats = new PhaseStats(clock.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: false) - allocated, GC.CollectionCount(0) - gcs);
        // Close commits what the last commit interval held (flush, offsets or the transaction): timed on its own.
        var closeClock = Stopwatch.StartNew();
        streams.Close(TimeSpan.FromMinutes(1));
        double closeSeconds = closeClock.Elapsed.TotalSeconds;
        StreamsMetricsSnapshot metrics = streams.Metrics();
        using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
        {
            long committed = admin.ListConsumerGroupOffsetsAsync(app).GetAwaiter().GetResult().Where(c => c.TopicPartition.Topic == input).Sum(c => c.Committed.Value);
            if (committed != ends.Sum()) throw new InvalidOperationException($"after close the group committed {committed:N0} of {ends.Sum():N0} input records");
        }
        int keys = options.Workload == "streams-windowed-count" ? VerifyWindowed(broker, app) : Verify(app, stateDir);
        return (stats, closeSeconds, metrics.Commits, metrics.AverageCommitSeconds * 1000, keys);
    }

    /// <summary>Reads the closed application's store: every key counted, the counts summing to the input.</summary>
    private int Verify(string app, string stateDir)
    {
        long total = 0;
        int keys = 0;
        foreach (string taskDir in Directory.EnumerateDirectories(Path.Combine(stateDir, app)))
        {
            string db = Path.Combine(taskDir, "rocksdb", "counts");
            if (!Directory.Exists(db)) continue;
            using var rocks = RocksDbSharp.RocksDb.OpenReadOnly(new RocksDbSharp.DbOptions(), db, false);
            using var it = rocks.NewIterator();
            for (it.SeekToFirst(); it.Valid(); it.Next())
            {
                total += BinaryPrimitives.ReadInt64BigEndian(it.Value().AsSpan(8)); // [timestamp][count]
                keys++;
            }
        }
        if (total != options.Records || keys != Math.Min(options.Keys, options.Records))
            throw new InvalidOperationException($"the counts are wrong: {keys:N0} keys summing to {total:N0}, expected {Math.Min(options.Keys, options.Records):N0} keys summing to {options.Records:N0}");
        return keys;
    }

    /// <summary>
    /// Reads the windowed application's changelog (its stores forget windows past their retention): the last count of
    /// every window sums to the input.
    /// </summary>
    private int VerifyWindowed(EmbeddedBroker broker, string app)
    {
        string changelog = $"{app}-counts-changelog";
        var latest = new Dictionary<string, long>();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(broker, new ConsumerConfig { IsolationLevel = IsolationLevel.ReadCommitted, EnableAutoCommit = false }).Build();
        for (int p = 0; p < options.Partitions; p++)
        {
            var tp = new TopicPartition(changelog, p);
            long end = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
            consumer.Assign([new TopicPartitionOffset(tp, Offset.Beginning)]);
            while (consumer.Position(tp).Value < end)
            {
                ConsumedRecords batch = consumer.ConsumeBatch(TimeSpan.FromMilliseconds(200));
                foreach (RawRecord r in batch)
                {
                    string key = $"{p}:{Convert.ToHexString(r.Key)}";
                    if (r.ValueIsNull) latest.Remove(key);
                    else latest[key] = BinaryPrimitives.ReadInt64BigEndian(r.Value);
                }
            }
        }
        long total = latest.Values.Sum();
        if (total != options.Records) throw new InvalidOperationException($"the window counts sum to {total:N0}, expected {options.Records:N0}");
        return latest.Count;
    }

    private PhaseStats Restore(EmbeddedBroker broker, string input, string app, string stateDir)
    {
        string changelog = $"{app}-counts-changelog";
        using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
        {
            admin.CreateTopicsAsync([new TopicSpecification
            {
                Name = changelog, NumPartitions = options.Partitions, Configs = new Dictionary<string, string> { ["cleanup.policy"] = "compact" },
            }]).GetAwaiter().GetResult();
        }
        using (var producer = new ProducerBuilder<byte[], byte[]>(broker, new ProducerConfig { Acks = Acks.Leader, LingerMs = 5, BatchSize = 256 * 1024 }).Build())
        {
            var value = new byte[8];
            for (int k = 0; k < options.RestoreKeys; k++)
            {
                BinaryPrimitives.WriteInt64BigEndian(value, k + 1);
                // The changelog partition is the task's: spread the keys over them as the input partitioner would.
                producer.Produce(new TopicPartition(changelog, k % options.Partitions), new Message<byte[], byte[]> { Key = System.Text.Encoding.ASCII.GetBytes($"restore-{k:D9}"), Value = value });
            }
            producer.Flush(TimeSpan.FromMinutes(5));
        }
        var builder = new StreamsBuilder(new StreamsConfig { ApplicationId = app, StateDirectory = stateDir, ProcessingGuarantee = options.Guarantee, NumStreamThreads = options.Threads });
        builder.Stream(input, Consumed<byte[], byte[]>.With(Serdes.ByteArray, Serdes.ByteArray))
            .GroupByKey()
            .Count(materialized: Materialized<byte[], long>.As("counts").WithStoreType(StoreType.RocksDb));
        // The input is already counted by the first application; this one is started at the input's end (only the restore is timed).
        using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
        {
            admin.ResetConsumerGroupOffsetsAsync(app, Enumerable.Range(0, options.Partitions).Select(p => new TopicPartition(input, p)).ToList(), OffsetResetSpec.Latest).GetAwaiter().GetResult();
        }
        GC.Collect();
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        int gcs = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        using var streams = new KafkaStreams(builder.Build(), broker);
        streams.StartAsync().GetAwaiter().GetResult();
        streams.WaitForStateAsync(KafkaStreamsState.Running, TimeSpan.FromMinutes(10)).GetAwaiter().GetResult();
        var stats = new PhaseStats(clock.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: false) - allocated, GC.CollectionCount(0) - gcs);
        long restored = streams.Metrics().RestoredRecords;
        streams.Close(TimeSpan.FromMinutes(1));
        if (restored != options.RestoreKeys) throw new InvalidOperationException($"restored {restored:N0} records, expected {options.RestoreKeys:N0}");
        return stats;
    }

    internal void Log(string line)
    {
        if (!options.Json) output.WriteLine(line);
        else Console.Error.WriteLine(line);
    }
}

/// <summary>A <c>streams-count</c> run's figures.</summary>
internal sealed record StreamsCountResult(StreamsCountOptions Options, PhaseStats Process, double CloseSeconds, long Commits, double MeanCommitMs, PhaseStats? Restore, long PeakWorkingSetBytes)
{
    /// <summary>streams-failover: seconds from the active instance's departure until the survivor runs the task again, and what it restored.</summary>
    public (double Seconds, long Restored, long ChangelogRecords)? Failover { get; init; }

    public void WriteJson(Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("workload", Options.Workload);
        json.WriteNumber("records", Options.Records);
        json.WriteNumber("keys", Options.Keys);
        json.WriteNumber("recordSize", Options.RecordSize);
        json.WriteNumber("partitions", Options.Partitions);
        json.WriteNumber("threads", Options.Threads);
        json.WriteString("guarantee", Options.Guarantee.Name());
        json.WriteNumber("processSeconds", PerfResult.Round(Process.Seconds));
        json.WriteNumber("processRecordsPerSec", PerfResult.Round(Options.Records / Process.Seconds));
        json.WriteNumber("processAllocatedBytesPerRecord", PerfResult.Round(Process.AllocatedBytes / (double)Options.Records));
        json.WriteNumber("closeSeconds", PerfResult.Round(CloseSeconds));
        json.WriteNumber("processAndCloseRecordsPerSec", PerfResult.Round(Options.Records / (Process.Seconds + CloseSeconds)));
        json.WriteNumber("commits", Commits);
        json.WriteNumber("meanCommitMs", PerfResult.Round(MeanCommitMs));
        if (Restore is not null)
        {
            json.WriteNumber("restoreKeys", Options.RestoreKeys);
            json.WriteNumber("restoreSeconds", PerfResult.Round(Restore.Value.Seconds));
            json.WriteNumber("restoreRecordsPerSec", PerfResult.Round(Options.RestoreKeys / Restore.Value.Seconds));
        }
        if (Failover is { } f)
        {
            json.WriteNumber("failoverSeconds", PerfResult.Round(f.Seconds));
            json.WriteNumber("failoverRestoredRecords", f.Restored);
            json.WriteNumber("changelogRecords", f.ChangelogRecords);
        }
        json.WriteNumber("peakWorkingSetBytes", PeakWorkingSetBytes);
        json.WriteEndObject();
    }
}
