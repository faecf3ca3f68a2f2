using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using Streaming.Broker;

namespace Streaming.Perf;

/// <summary>The settings of an <c>eos-copy</c> run.</summary>
internal sealed record EosCopyOptions
{
    public required long Records { get; init; }
    public required int RecordSize { get; init; }
    public required int Partitions { get; init; }
    public required int? LingerMs { get; init; }
    public required int? BatchSize { get; init; }
    public required TimeSpan CommitInterval { get; init; }
    public required string? DataDirectory { get; init; }
    public required bool Json { get; init; }
}

/// <summary>
/// The exactly-once copy loop: an input topic is filled first (idempotent producer, acks=all, not timed); then an
/// <see cref="ExactlyOnceProcessor{TInKey, TInValue, TOutKey, TOutValue}"/> copies every record to the same partition of
/// an output topic, one transaction per commit interval. Timed from the processor's start (InitTransactions and the group
/// join included) until the group's committed offsets reach the input's end, i.e. until the last result is committed.
/// Afterwards the output is read back read_committed and must hold exactly the input's records per partition.
/// </summary>
internal sealed class EosCopyRun(EosCopyOptions options, TextWriter output)
{
    private const int KeySize = 8;
    private const string Group = "perf-eos";

    public EosCopyResult Run()
    {
        string directory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "streaming-perf-" + Guid.NewGuid().ToString("N"));
        bool deleteAfter = options.DataDirectory is null;
        try
        {
            using var broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = directory, AutoCreateTopics = false, GroupInitialRebalanceDelay = TimeSpan.Zero });
            string stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture);
            string input = "eos-in-" + stamp;
            string outputTopic = "eos-out-" + stamp;
            using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
            {
                admin.CreateTopicsAsync([
                    new TopicSpecification { Name = input, NumPartitions = options.Partitions },
                    new TopicSpecification { Name = outputTopic, NumPartitions = options.Partitions },
                ]).GetAwaiter().GetResult();
            }

            Log($"filling '{input}' with {options.Records:N0} records of {options.RecordSize} B over {options.Partitions} partitions (idempotent, acks=all)");
            var fill = Stopwatch.StartNew();
            Fill(broker, input);
            double fillSeconds = fill.Elapsed.TotalSeconds;
            var inputEnds = Enumerable.Range(0, options.Partitions).Select(p => broker.Topics.GetPartition(new TopicPartition(input, p)).LogEndOffset).ToArray();
            if (inputEnds.Sum() != options.Records) throw new InvalidOperationException($"the input holds {inputEnds.Sum():N0} records, not {options.Records:N0}");
            Log($"filled in {fillSeconds:F2} s; copying with an ExactlyOnceProcessor, a transaction every {options.CommitInterval.TotalMilliseconds:F0} ms");

            long fsyncsBefore = broker.Committer.FlushCount;
            var (copy, processor) = Copy(broker, input, outputTopic, inputEnds);
            long fsyncs = broker.Committer.FlushCount - fsyncsBefore;
            double rate = options.Records / copy.Seconds;
            Log($"copy: {rate:N0} records/s, {rate * options.RecordSize / (1024 * 1024):N1} MB/s ({copy.Seconds:F2} s, {copy.AllocatedBytes / (double)options.Records:F1} B allocated/record, GCs {copy.Gcs}); "
                + $"{processor.CommittedTransactions:N0} transactions committed, {processor.AbortedTransactions:N0} aborted, {fsyncs:N0} fsyncs");

            VerifyOutput(broker, outputTopic, inputEnds);
            Log("output verified: read_committed, every partition holds exactly its input partition's records");
            return new EosCopyResult
            {
                Options = options,
                FillSeconds = fillSeconds,
                Copy = copy,
                TransactionsCommitted = processor.CommittedTransactions,
                TransactionsAborted = processor.AbortedTransactions,
                ProcessedRecords = processor.ProcessedRecords,
                Fsyncs = fsyncs,
                PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
            };
        }
        finally
        {
            if (deleteAfter)
            {
                try { Directory.Delete(directory, recursive: true); }
                catch (IOException) { }
            }
        }
    }

    private void Fill(EmbeddedBroker broker, string topic)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(broker, new ProducerConfig { Acks = Acks.All, ClientId = "perf-eos-fill" }).Build();
        var key = new byte[KeySize];
        var value = new byte[options.RecordSize];
        for (int i = KeySize; i < value.Length; i++) value[i] = (byte)(i * 31);
        var message = new Message<byte[], byte[]> { Key = key, Value = value };
        for (long n = 0; n < options.Records; n++)
        {
            BinaryPrimitives.WriteInt64BigEndian(key, n);
            BinaryPrimitives.WriteInt64LittleEndian(value, n);
            producer.Produce(topic, message);
        }
        producer.Flush(CancellationToken.None);
    }

    private (PhaseStats Copy, ExactlyOnceProcessor<byte[], byte[], byte[], byte[]> Processor) Copy(EmbeddedBroker broker, string input, string outputTopic, long[] inputEnds)
    {
        var producerConfig = new ProducerConfig { ClientId = "perf-eos-producer" };
        if (options.LingerMs is { } linger) producerConfig.LingerMs = linger;
        if (options.BatchSize is { } batchSize) producerConfig.BatchSize = batchSize;
        var processorOptions = new ExactlyOnceProcessorOptions
        {
            Consumer = new ConsumerConfig { GroupId = Group, ClientId = "perf-eos-consumer", AutoOffsetReset = AutoOffsetReset.Earliest },
            Producer = producerConfig,
            InputTopics = [input],
            CommitInterval = options.CommitInterval,
        };
        // One message, reused: the producer serializes key and value during Produce and keeps no reference without a handler.
        var message = new Message<byte[], byte[]>();
        var processor = new ExactlyOnceProcessor<byte[], byte[], byte[], byte[]>(broker, processorOptions, (record, results) =>
        {
            message.Key = record.Message.Key;
            message.Value = record.Message.Value;
            results.Produce(new TopicPartition(outputTopic, record.Partition), message);
        });
        var inputPartitions = Enumerable.Range(0, options.Partitions).Select(p => new TopicPartition(input, p)).ToArray();
        long Committed() => inputPartitions.Sum(tp => broker.Groups.Offsets.Get(Group, tp)?.Offset ?? 0);

        using var stop = new CancellationTokenSource();
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        int gcs = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
        var stopwatch = Stopwatch.StartNew();
        var run = processor.RunAsync(stop.Token);
        long nextProgress = 1000;
        while (true)
        {
            // Polls the committed offsets (an in-memory lookup) every 2 ms: a negligible error on a run of seconds, and
            // the poller sleeps, so it takes no core from the loop.
            long committed = Committed();
            if (committed >= options.Records) break;
            if (run.IsCompleted) throw new InvalidOperationException($"the processor stopped after committing {committed:N0} of {options.Records:N0} records", run.Exception);
            if (!options.Json && stopwatch.ElapsedMilliseconds >= nextProgress)
            {
                output.WriteLine($"  [copy {stopwatch.Elapsed.TotalSeconds,6:F1} s] committed {committed,13:N0}  transactions {processor.CommittedTransactions,7:N0}  working set {Environment.WorkingSet / (1024.0 * 1024):N0} MB");
                nextProgress += 1000;
            }
            Thread.Sleep(2);
        }
        double seconds = stopwatch.Elapsed.TotalSeconds;
        var stats = new PhaseStats(seconds, GC.GetTotalAllocatedBytes(precise: false) - allocated,
            GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcs);
        stop.Cancel();
        run.GetAwaiter().GetResult();
        for (int p = 0; p < inputEnds.Length; p++)
        {
            long offset = broker.Groups.Offsets.Get(Group, inputPartitions[p])?.Offset ?? -1;
            if (offset != inputEnds[p]) throw new InvalidOperationException($"{inputPartitions[p]}: committed offset {offset}, input end {inputEnds[p]}");
        }
        return (stats, processor);
    }

    /// <summary>Reads the output read_committed: each partition must hold exactly as many records as its input partition.</summary>
    private static void VerifyOutput(EmbeddedBroker broker, string topic, long[] inputEnds)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(broker, new ConsumerConfig { IsolationLevel = IsolationLevel.ReadCommitted, ClientId = "perf-eos-verify" }).Build();
        for (int p = 0; p < inputEnds.Length; p++)
        {
            var tp = new TopicPartition(topic, p);
            var log = broker.Topics.GetPartition(tp);
            if (log.LastStableOffset != log.LogEndOffset) throw new InvalidOperationException($"{tp}: a transaction is still open (LSO {log.LastStableOffset}, log end {log.LogEndOffset})");
            consumer.Assign([new TopicPartitionOffset(tp, Offset.Beginning)]);
            long count = 0;
            while (consumer.Position(tp).Value < log.LogEndOffset)
            {
                var records = consumer.ConsumeBatch(TimeSpan.FromMilliseconds(100));
                foreach (var record in records)
                {
                    if (record.Key.Length != KeySize) throw new InvalidOperationException($"{tp}: a record with a {record.Key.Length}-byte key");
                    count++;
                }
            }
            if (count != inputEnds[p]) throw new InvalidOperationException($"{tp}: {count:N0} records read_committed, the input partition holds {inputEnds[p]:N0}");
        }
    }

    private void Log(string line)
    {
        if (!options.Json) output.WriteLine(line);
    }
}

/// <summary>What an <c>eos-copy</c> run measured, and its JSON form.</summary>
internal sealed record EosCopyResult
{
    public required EosCopyOptions Options { get; init; }
    public required double FillSeconds { get; init; }
    public required PhaseStats Copy { get; init; }
    public required long TransactionsCommitted { get; init; }
    public required long TransactionsAborted { get; init; }
    public required long ProcessedRecords { get; init; }
    public required long Fsyncs { get; init; }
    public required long PeakWorkingSetBytes { get; init; }

    public void WriteJson(Stream stream)
    {
        const double MB = 1024 * 1024;
        long records = Options.Records;
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("mode", "eos-copy");
        json.WriteNumber("records", records);
        json.WriteNumber("recordSize", Options.RecordSize);
        json.WriteNumber("keySize", 8);
        json.WriteNumber("partitions", Options.Partitions);
        json.WriteNumber("commitIntervalMs", Options.CommitInterval.TotalMilliseconds);
        if (Options.LingerMs is { } linger) json.WriteNumber("lingerMs", linger);
        else json.WriteNull("lingerMs");
        json.WriteNumber("fillSeconds", PerfResult.Round(FillSeconds));
        json.WriteNumber("copySeconds", PerfResult.Round(Copy.Seconds));
        json.WriteNumber("copyRecordsPerSec", PerfResult.Round(records / Copy.Seconds));
        json.WriteNumber("copyMBPerSec", PerfResult.Round(records * (double)Options.RecordSize / MB / Copy.Seconds));
        json.WriteNumber("copyAllocatedBytesPerRecord", PerfResult.Round(Copy.AllocatedBytes / (double)records));
        json.WriteNumber("copyGcs", Copy.Gcs);
        json.WriteNumber("transactionsCommitted", TransactionsCommitted);
        json.WriteNumber("transactionsAborted", TransactionsAborted);
        json.WriteNumber("processedRecords", ProcessedRecords);
        json.WriteNumber("fsyncs", Fsyncs);
        json.WriteNumber("peakWorkingSetMB", PerfResult.Round(PeakWorkingSetBytes / MB));
        PerfResult.WriteMachine(json);
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
