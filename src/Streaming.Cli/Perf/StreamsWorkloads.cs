using System.Diagnostics;
using Streaming.Broker;
using Streaming.Streams;
using Streaming.Streams.State;

namespace Streaming.Perf;

/// <summary>
/// <c>--workload streams-join</c>: a stream–table join. A table topic of <c>--keys</c> keys (64-byte values) is written
/// first, then the stream input (<c>--records</c> records over the same keys, already filled); the application joins
/// each stream record with the table's value and writes the result to an output topic. Timed from start until every
/// stream record has been processed (the table's records, read first, are not counted in the rate).
/// </summary>
internal sealed class StreamsJoinRun(StreamsCountOptions options, TextWriter output)
{
    public StreamsCountResult Run(EmbeddedBroker broker, string input, string stamp, string directory)
    {
        var log = new StreamsCountRun(options, output);
        string table = "join-table-" + stamp;
        string joined = "join-out-" + stamp;
        using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
        {
            admin.CreateTopicsAsync([
                new TopicSpecification { Name = table, NumPartitions = options.Partitions },
                new TopicSpecification { Name = joined, NumPartitions = options.Partitions },
            ]).GetAwaiter().GetResult();
        }
        using (var producer = new ProducerBuilder<byte[], byte[]>(broker, new ProducerConfig { Acks = Acks.Leader, LingerMs = 5, BatchSize = 256 * 1024 }).Build())
        {
            var value = new byte[64];
            // Older than every stream record (whose event time spans the last ten minutes): a task reading both processes
            // the table first (records go oldest first across its partitions), so every stream record finds its key.
            var early = new Timestamp(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000);
            for (int k = 0; k < options.Keys; k++)
                producer.Produce(table, new Message<byte[], byte[]> { Key = System.Text.Encoding.ASCII.GetBytes($"key-{k:D8}"), Value = value, Timestamp = early });
            producer.Flush(TimeSpan.FromMinutes(5));
        }
        log.Log($"table '{table}' holds {options.Keys:N0} keys; joining {options.Records:N0} stream records with {options.Guarantee.Name()}");

        var builder = new StreamsBuilder(new StreamsConfig
        {
            ApplicationId = "perf-join-" + stamp,
            StateDirectory = Path.Combine(directory, "state-join"),
            ProcessingGuarantee = options.Guarantee,
            NumStreamThreads = options.Threads,
        });
        var users = builder.Table(table, Consumed<byte[], byte[]>.With(Serdes.ByteArray, Serdes.ByteArray),
            Materialized<byte[], byte[]>.As("table-store").WithStoreType(StoreType.RocksDb));
        builder.Stream(input, Consumed<byte[], byte[]>.With(Serdes.ByteArray, Serdes.ByteArray))
            .Join(users, (click, profile) => profile.Length > 0 ? click : profile)
            .To(joined, Produced<byte[], byte[]>.With(Serdes.ByteArray, Serdes.ByteArray));

        GC.Collect();
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        int gcs = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        using var streams = new KafkaStreams(builder.Build(), broker);
        streams.StartAsync().GetAwaiter().GetResult();
        long target = options.Records + options.Keys;
        while (streams.Metrics().ProcessedRecords < target)
        {
            if (streams.State is KafkaStreamsState.Error or KafkaStreamsState.NotRunning) throw new InvalidOperationException($"the application stopped: {streams.Error?.Message}");
            Thread.Sleep(1);
        }
        var stats = new PhaseStats(clock.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: false) - allocated, GC.CollectionCount(0) - gcs);
        var closeClock = Stopwatch.StartNew();
        streams.Close(TimeSpan.FromMinutes(1));
        double closeSeconds = closeClock.Elapsed.TotalSeconds;
        long written = Enumerable.Range(0, options.Partitions).Sum(p => broker.Topics.GetPartition(new TopicPartition(joined, p)).LogEndOffset);
        if (options.Guarantee == ProcessingGuarantee.AtLeastOnce && written != options.Records)
            throw new InvalidOperationException($"the join wrote {written:N0} records, expected {options.Records:N0}");
        var metrics = streams.Metrics();
        log.Log($"join: {options.Records / stats.Seconds:N0} records/s ({stats.Seconds:F2} s, {stats.AllocatedBytes / (double)options.Records:F1} B allocated/record, GCs {stats.Gcs}); close {closeSeconds:F2} s; {written:N0} joined records written");
        return new StreamsCountResult(options, stats, closeSeconds, metrics.Commits, metrics.AverageCommitSeconds * 1000, null, Process.GetCurrentProcess().PeakWorkingSet64);
    }
}

/// <summary>
/// <c>--workload streams-failover</c>: two instances count <c>--records</c> records over <c>--keys</c> keys (the state)
/// with one standby replica each; once the survivor's standby has caught up, the other instance closes. Timed from that
/// close until the survivor runs the moved task again, reporting how many changelog records it had to restore.
/// </summary>
internal sealed class StreamsFailoverRun(StreamsCountOptions options, TextWriter output)
{
    public StreamsCountResult Run(EmbeddedBroker broker, string input, string stamp, string directory)
    {
        var log = new StreamsCountRun(options, output);
        string app = "perf-failover-" + stamp;
        Topology Build(string name) 
        {
            var builder = new StreamsBuilder(new StreamsConfig
            {
                ApplicationId = app,
                StateDirectory = Path.Combine(directory, name),
                ProcessingGuarantee = options.Guarantee,
                NumStandbyReplicas = 1,
                CommitInterval = TimeSpan.FromMilliseconds(options.Guarantee == ProcessingGuarantee.ExactlyOnceV2 ? 100 : 1000),
            });
            builder.Stream(input, Consumed<byte[], byte[]>.With(Serdes.ByteArray, Serdes.ByteArray))
                .GroupByKey()
                .Count(materialized: Materialized<byte[], long>.As("counts").WithStoreType(StoreType.RocksDb));
            return builder.Build();
        }
        using var a = new KafkaStreams(Build("state-a"), broker);
        using var b = new KafkaStreams(Build("state-b"), broker);
        a.StartAsync().GetAwaiter().GetResult();
        b.StartAsync().GetAwaiter().GetResult();
        var clock = Stopwatch.StartNew();
        while (a.Metrics().ProcessedRecords + b.Metrics().ProcessedRecords < options.Records || a.State != KafkaStreamsState.Running || b.State != KafkaStreamsState.Running)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new InvalidOperationException("the instances did not count the input within 10 minutes");
            Thread.Sleep(10);
        }
        var stats = new PhaseStats(clock.Elapsed.TotalSeconds, 0, 0);
        string changelog = app + "-counts-changelog";
        long changelogRecords;
        using (var consumer = new ConsumerBuilder<byte[], byte[]>(broker, new ConsumerConfig()).Build())
        {
            // Wait for the commits to write every key's count to the changelog (at least one record per key).
            long Size() => Enumerable.Range(0, options.Partitions).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(changelog, p), TimeSpan.FromSeconds(10)).High.Value);
            var written = Stopwatch.StartNew();
            while ((changelogRecords = Size()) < options.Keys && written.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(20);
        }
        var standbyOf = b.MetadataForLocalThreads().SelectMany(t => t.Tasks).Select(t => t.Id).ToHashSet();
        log.Log($"counted {options.Records:N0} records over {options.Keys:N0} keys in {stats.Seconds:F2} s; changelog {changelogRecords:N0} records; waiting for B's standbys");
        var wait = Stopwatch.StartNew();
        while (b.KeyValueStore<byte[], long>("counts", includeStandby: true).ApproximateNumEntries < options.Keys * 9L / 10 && wait.Elapsed < TimeSpan.FromMinutes(5)) Thread.Sleep(50);
        Thread.Sleep(1500);
        long restoredBefore = b.Metrics().RestoredRecords;
        int tasksBefore = b.MetadataForLocalThreads().Sum(t => t.Tasks.Count);
        log.Log($"B runs {tasksBefore} task(s) and holds standbys; closing A");
        var failover = Stopwatch.StartNew();
        a.Close(TimeSpan.FromMinutes(1));
        double closeSeconds = failover.Elapsed.TotalSeconds;
        while (!(b.State == KafkaStreamsState.Running && b.MetadataForLocalThreads().Sum(t => t.Tasks.Count(x => x.State == TaskState.Running)) == options.Partitions))
        {
            if (failover.Elapsed > TimeSpan.FromMinutes(5)) throw new InvalidOperationException("B did not take over within 5 minutes");
            Thread.Sleep(1);
        }
        double seconds = failover.Elapsed.TotalSeconds;
        long restored = b.Metrics().RestoredRecords - restoredBefore;
        log.Log($"failover: B runs all {options.Partitions} tasks {seconds:F2} s after A began closing (A's close {closeSeconds:F2} s); restored {restored:N0} of {changelogRecords:N0} changelog records");
        b.Close(TimeSpan.FromMinutes(1));
        return new StreamsCountResult(options, stats, closeSeconds, 0, 0, null, Process.GetCurrentProcess().PeakWorkingSet64)
        {
            Failover = (seconds, restored, changelogRecords),
        };
    }
}
