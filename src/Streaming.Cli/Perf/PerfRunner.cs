using System.Buffers.Binary;
using System.Diagnostics;
using Streaming.Broker;

namespace Streaming.Perf;

/// <summary>
/// Runs one measurement on an embedded broker: a throughput run (produce everything as fast as the producers go, then
/// consume it all back from the beginning) or, with a rate, a latency run (paced producers, a consumer reading
/// concurrently and timing each record against the Stopwatch timestamp in its first 8 value bytes).
/// </summary>
internal sealed class PerfRunner(PerfOptions options, TextWriter output)
{
    private const int KeySize = 8;
    private const int CounterStride = 16; // longs: keeps each producer's counter on its own cache line
    private readonly long[] _produced = new long[(options.Producers + 1) * CounterStride];
    private long _consumed;
    private long _transactions;
    private long _commitTicks;
    private long _maxCommitTicks;
    private long _peakWorkingSet;
    private volatile string _phase = "starting";
    private long _phaseStart = Stopwatch.GetTimestamp();

    public PerfResult Run()
    {
        string directory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "streaming-perf-" + Guid.NewGuid().ToString("N"));
        bool deleteAfter = options.DataDirectory is null;
        using var sampler = new Timer(_ => Sample(), null, 0, 100);
        using var progress = options.Json ? null : new Timer(_ => PrintProgress(), null, 1000, 1000);
        try
        {
            if (options.BootstrapServers is { } bootstrap)
            {
                // Over the wire: Confluent.Kafka clients (the Kafka transport) against any Kafka-protocol broker.
                var transport = new Streaming.Kafka.KafkaTransport(new Streaming.Kafka.KafkaTransportOptions { BootstrapServers = bootstrap });
                string remoteTopic = CreateTopic(transport);
                Log($"Kafka transport (Confluent.Kafka) to {bootstrap}, topic {remoteTopic}");
                var remote = options.Rate is null ? RunThroughput(transport, remoteTopic) : RunLatency(transport, remoteTopic);
                Sample();
                return remote with { PeakWorkingSetBytes = Math.Max(Volatile.Read(ref _peakWorkingSet), PeakFromOs()), Transport = "kafka" };
            }
            // All group members start together, so the first rebalance need not wait for stragglers.
            using var broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = directory, AutoCreateTopics = false, GroupInitialRebalanceDelay = TimeSpan.Zero });
            string topic = CreateTopic(broker);
            var result = options.Rate is null ? RunThroughput(broker, topic) : RunLatency(broker, topic);
            Sample();
            if (broker.Committer.FlushCount > 0)
                Log($"group commit: {broker.Committer.FlushCount:N0} fsyncs, longest {broker.Committer.LongestFlush.TotalMilliseconds:F1} ms");
            return result with
            {
                PeakWorkingSetBytes = Math.Max(Volatile.Read(ref _peakWorkingSet), PeakFromOs()),
                Fsyncs = broker.Committer.FlushCount,
                LongestFsyncMs = broker.Committer.LongestFlush.TotalMilliseconds,
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

    private string CreateTopic(IStreamingTransport transport)
    {
        string topic = "perf-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture);
        using var admin = transport.CreateAdminClient(new AdminClientConfig());
        admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = options.Partitions }]).GetAwaiter().GetResult();
        return topic;
    }

    private PerfResult RunThroughput(IStreamingTransport broker, string topic)
    {
        Log($"producing {options.Records:N0} records of {options.RecordSize} B to {options.Partitions} partitions with {options.Producers} producer(s), acks={options.AcksText}"
            + (options.Transactional ? $", in transactions of {options.TransactionMs} ms" : ""));
        var produce = Measure("produce", () => ProduceAll(broker, topic, pacedTicksPerRecord: 0));
        Log($"produce: {Rate(options.Records, produce.Seconds):N0} records/s, {MBps(options.Records, produce.Seconds):N1} MB/s ({produce.Seconds:F2} s, {produce.AllocatedBytes / (double)options.Records:F2} B allocated/record, GCs {produce.Gcs})");
        if (options.Transactional)
            Log($"transactions committed: {Interlocked.Read(ref _transactions):N0}; CommitTransaction blocked the producer {CommitMs(_commitTicks):F0} ms in all, at most {CommitMs(_maxCommitTicks):F1} ms");
        if (options.SkipConsume)
            return NewResult(produce, null, null);

        var consume = options.GroupConsumers is { } members
            ? Measure("consume", () => { GroupBench.ConsumeWithGroup(broker, topic, options.Records, members, n => Volatile.Write(ref _consumed, n)); })
            : Measure("consume", () => ConsumeAll(broker, topic, histogram: null, warmupRecords: 0, CancellationToken.None));
        if (options.GroupConsumers is { } m) Log($"consumed with a group of {m} members (subscribe, cooperative rebalance not involved: all join at once)");
        Log($"consume: {Rate(options.Records, consume.Seconds):N0} records/s, {MBps(options.Records, consume.Seconds):N1} MB/s ({consume.Seconds:F2} s, {consume.AllocatedBytes / (double)options.Records:F2} B allocated/record, GCs {consume.Gcs})");
        return NewResult(produce, consume, null);
    }

    private PerfResult RunLatency(IStreamingTransport broker, string topic)
    {
        long rate = options.Rate!.Value;
        long warmup = (long)(rate * options.LatencyWarmupSeconds);
        Log($"latency run: {options.Records:N0} records of {options.RecordSize} B at {rate:N0} records/s to {options.Partitions} partitions, {options.Producers} producer(s), acks={options.AcksText}, linger.ms={options.LingerMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}; first {warmup:N0} records are warm-up");
        var histogram = new LatencyHistogram();
        PhaseStats consume = default;
        using var cts = new CancellationTokenSource();
        // The consumer is assigned before the first record is sent, so it reads each record as it arrives.
        var ready = new ManualResetEventSlim();
        Exception? consumerError = null;
        var consumer = new Thread(() =>
        {
            try { consume = Measure("consume", () => ConsumeAll(broker, topic, histogram, warmup, cts.Token, ready), setPhase: false); }
            catch (Exception ex) { consumerError = ex; ready.Set(); }
        }) { Name = "perf-consumer", IsBackground = true };
        consumer.Start();
        ready.Wait();
        double ticksPerRecord = (double)Stopwatch.Frequency * options.Producers / rate;
        var produce = Measure("produce", () => ProduceAll(broker, topic, ticksPerRecord));
        _phase = "draining";
        if (!consumer.Join(TimeSpan.FromSeconds(60)))
        {
            cts.Cancel();
            consumer.Join();
            throw new InvalidOperationException($"the consumer got {Interlocked.Read(ref _consumed):N0} of {options.Records:N0} records within 60 s of the end of production");
        }
        if (consumerError is not null) throw consumerError;
        var latency = new LatencySummary(histogram.Count, histogram.Percentile(50) / 1000.0, histogram.Percentile(99) / 1000.0,
            histogram.Percentile(99.9) / 1000.0, histogram.Max / 1000.0);
        Log($"produce: {Rate(options.Records, produce.Seconds):N0} records/s achieved (target {rate:N0}); consume: {Rate(options.Records, consume.Seconds):N0} records/s");
        Log($"end-to-end latency over {latency.Count:N0} records: p50 {latency.P50:F3} ms, p99 {latency.P99:F3} ms, p99.9 {latency.P999:F3} ms, max {latency.Max:F3} ms");
        return NewResult(produce, consume, latency);
    }

    private PerfResult NewResult(PhaseStats produce, PhaseStats? consume, LatencySummary? latency) => new()
    {
        Options = options,
        Produce = produce,
        Consume = consume,
        Latency = latency,
        Transactions = Interlocked.Read(ref _transactions),
        CommitMsTotal = CommitMs(Interlocked.Read(ref _commitTicks)),
        CommitMsMax = CommitMs(Interlocked.Read(ref _maxCommitTicks)),
    };

    private static double CommitMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>Produces <see cref="PerfOptions.Records"/> records split over the producers; paced when <paramref name="pacedTicksPerRecord"/> &gt; 0.</summary>
    private void ProduceAll(IStreamingTransport broker, string topic, double pacedTicksPerRecord)
    {
        var threads = new Thread[options.Producers];
        var errors = new Exception?[options.Producers];
        long perProducer = options.Records / options.Producers;
        long extra = options.Records % options.Producers;
        long first = 0;
        for (int i = 0; i < threads.Length; i++)
        {
            int id = i;
            long count = perProducer + (i < extra ? 1 : 0);
            long start = first;
            first += count;
            threads[i] = new Thread(() =>
            {
                try { ProduceRange(broker, topic, id, start, count, pacedTicksPerRecord); }
                catch (Exception ex) { errors[id] = ex; }
            }) { Name = $"perf-producer-{i}", IsBackground = true };
        }
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        foreach (var e in errors) if (e is not null) throw new InvalidOperationException($"a producer failed: {e.Message}", e);
    }

    private void ProduceRange(IStreamingTransport broker, string topic, int id, long first, long count, double pacedTicksPerRecord)
    {
        var config = new ProducerConfig { Acks = options.Acks, ClientId = $"perf-producer-{id}" };
        if (options.LingerMs is { } linger) config.LingerMs = linger;
        if (options.BatchSize is { } batchSize) config.BatchSize = batchSize;
        if (options.Transactional) config.TransactionalId = $"perf-transactional-{id}";
        using var producer = new ProducerBuilder<byte[], byte[]>(broker, config).Build();
        long transactionTicks = options.TransactionMs * Stopwatch.Frequency / 1000;
        long transactionStart = 0;
        if (options.Transactional)
        {
            producer.InitTransactions(TimeSpan.FromSeconds(30));
            producer.BeginTransaction();
            transactionStart = Stopwatch.GetTimestamp();
        }
        // One key array, one value array and one message, reused: the producer copies the bytes during Produce.
        var key = new byte[KeySize];
        var value = new byte[options.RecordSize];
        for (int i = KeySize; i < value.Length; i++) value[i] = (byte)(i * 31);
        var message = new Message<byte[], byte[]> { Key = key, Value = value };
        ref long produced = ref _produced[(id + 1) * CounterStride];
        long startTicks = Stopwatch.GetTimestamp();
        for (long n = 0; n < count; n++)
        {
            if (pacedTicksPerRecord > 0) Pace(startTicks + (long)(n * pacedTicksPerRecord));
            BinaryPrimitives.WriteInt64BigEndian(key, first + n); // distinct keys spread over the partitions (murmur2)
            // Latency runs stamp the send time; throughput runs write the sequence number and spare a clock read per record.
            BinaryPrimitives.WriteInt64LittleEndian(value, pacedTicksPerRecord > 0 ? Stopwatch.GetTimestamp() : first + n);
            producer.Produce(topic, message);
            Volatile.Write(ref produced, n + 1);
            // The clock is read every 256 records only: at millions of records/s that still finds each interval's end
            // within a fraction of a millisecond.
            if (options.Transactional && (n & 255) == 255 && Stopwatch.GetTimestamp() - transactionStart >= transactionTicks)
            {
                CommitTimed(producer);
                producer.BeginTransaction();
                transactionStart = Stopwatch.GetTimestamp();
            }
        }
        if (options.Transactional) CommitTimed(producer); // sends what is buffered, then commits
        producer.Flush(CancellationToken.None);
    }

    /// <summary>Commits the open transaction, counting it and the time the producer thread spent blocked in the commit.</summary>
    private void CommitTimed(IProducer<byte[], byte[]> producer)
    {
        long start = Stopwatch.GetTimestamp();
        producer.CommitTransaction();
        long ticks = Stopwatch.GetTimestamp() - start;
        Interlocked.Increment(ref _transactions);
        Interlocked.Add(ref _commitTicks, ticks);
        long max;
        do
        {
            max = Volatile.Read(ref _maxCommitTicks);
            if (ticks <= max) break;
        } while (Interlocked.CompareExchange(ref _maxCommitTicks, ticks, max) != max);
    }

    /// <summary>
    /// Waits until <paramref name="due"/> by sleeping (1 ms steps), never spinning: a spinning producer would take a core
    /// from the sender and the consumer. Records due meanwhile go out back to back, as Kafka's throughput throttler does;
    /// each carries its actual send time, so latency is measured from when it was sent.
    /// </summary>
    private static void Pace(long due)
    {
        while (due - Stopwatch.GetTimestamp() > 0) Thread.Sleep(1);
    }

    private void ConsumeAll(IStreamingTransport broker, string topic, LatencyHistogram? histogram, long warmupRecords, CancellationToken cancellationToken,
        ManualResetEventSlim? assigned = null)
    {
        var config = new ConsumerConfig
        {
            AutoOffsetReset = AutoOffsetReset.Earliest,
            ClientId = "perf-consumer",
            IsolationLevel = options.Transactional ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(broker, config).Build();
        consumer.Assign(Enumerable.Range(0, options.Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        assigned?.Set();
        long consumed = 0;
        long bytes = 0;
        long target = options.Records;
        long ticksToMicros = Stopwatch.Frequency / 1_000_000 is var f and > 0 ? f : 1;
        while (consumed < target)
        {
            var records = consumer.ConsumeBatch(TimeSpan.FromMilliseconds(200), cancellationToken);
            if (histogram is null)
            {
                foreach (var record in records)
                {
                    consumed++;
                    bytes += record.Value.Length;
                }
            }
            else
            {
                foreach (var record in records)
                {
                    long now = Stopwatch.GetTimestamp();
                    if (consumed++ >= warmupRecords)
                        histogram.Record((now - BinaryPrimitives.ReadInt64LittleEndian(record.Value)) / ticksToMicros);
                    bytes += record.Value.Length;
                }
            }
            Volatile.Write(ref _consumed, consumed);
        }
        if (bytes != consumed * options.RecordSize)
            throw new InvalidOperationException($"consumed {bytes:N0} value bytes, expected {consumed * options.RecordSize:N0}");
    }

    private PhaseStats Measure(string phase, Action action, bool setPhase = true)
    {
        if (setPhase)
        {
            _phase = phase;
            _phaseStart = Stopwatch.GetTimestamp();
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        int gcs = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
        long start = Stopwatch.GetTimestamp();
        action();
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new PhaseStats(seconds, GC.GetTotalAllocatedBytes(precise: false) - allocated,
            GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcs);
    }

    private void Sample()
    {
        long ws = Environment.WorkingSet;
        long peak;
        do
        {
            peak = Volatile.Read(ref _peakWorkingSet);
            if (ws <= peak) return;
        } while (Interlocked.CompareExchange(ref _peakWorkingSet, ws, peak) != peak);
    }

    /// <summary>The kernel's high-water mark of the resident set (VmHWM), which also catches peaks between samples.</summary>
    private static long PeakFromOs()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    private void PrintProgress()
    {
        long produced = 0;
        for (int i = 1; i <= options.Producers; i++) produced += Volatile.Read(ref _produced[i * CounterStride]);
        long consumed = Volatile.Read(ref _consumed);
        double seconds = Stopwatch.GetElapsedTime(_phaseStart).TotalSeconds;
        output.WriteLine($"  [{_phase} {seconds,6:F1} s] produced {produced,13:N0}  consumed {consumed,13:N0}  working set {Environment.WorkingSet / (1024.0 * 1024):N0} MB");
    }

    private void Log(string line)
    {
        if (!options.Json) output.WriteLine(line);
    }

    private static double Rate(long records, double seconds) => records / seconds;

    private double MBps(long records, double seconds) => records * (double)options.RecordSize / (1024 * 1024) / seconds;
}

/// <summary>Wall time, bytes allocated and GC count of one phase.</summary>
internal readonly record struct PhaseStats(double Seconds, long AllocatedBytes, int Gcs);

/// <summary>End-to-end latency percentiles in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double P50, double P99, double P999, double Max);
