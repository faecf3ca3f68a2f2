// The child process of the broker's crash tests (tests/Streaming.Broker.Tests/Durability/CrashTests.cs).
//
//   open <directory>                 tries to open the broker; prints "opened" or "locked"
//   produce <directory> <run> <topic> <partitions> [producers]
//                                    produces keyed records with acks=all from several producers until killed; for every
//                                    acknowledged record prints "ack <partition> <offset> <seq>" (flushed per line).
//                                    Producer p (of n) sends seq = p, p + n, p + 2n, … as key "key-<seq % 16>",
//                                    value "<run>-<p>:<seq>".
//   seed <directory> <input-topic> <output-topic> <partitions> <records>
//                                    creates both topics and writes records 0 … records-1 to the input (key and value
//                                    both the sequence number, long), acks=all; prints "seeded <records>" and stops cleanly
//   eos <directory> <input-topic> <output-topic> <group> [max-records-per-second] [commit-interval-ms]
//                                    runs an exactly-once consume-transform-produce loop (ExactlyOnceProcessor, stable
//                                    transactional.id "<group>.exactly-once") from the input (long keys and values) to
//                                    the output: one record per input record, key kept, value EosTransform(value).
//                                    Prints "opened clean|recovered", then "committed <n> <transactions>" whenever the
//                                    group's committed offsets (summed over the input partitions) move, and "drained"
//                                    when they reach the input's end; then stops cleanly and exits 0. The optional rate
//                                    caps how fast input records are handed to the transform (0 or absent: no cap);
//                                    the commit interval is the processor's (default 100 ms).
using System.Globalization;
using Streaming;
using Streaming.Broker;

var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true, NewLine = "\n" };
// No initial rebalance delay: the exactly-once child is the only member of its group, and every restart forms the group anew.
var options = new EmbeddedBrokerOptions { DataDirectory = args[1], RetentionCheckInterval = TimeSpan.FromHours(1), GroupInitialRebalanceDelay = TimeSpan.Zero };
options.DefaultTopicConfigs["segment.bytes"] = "65536"; // segments roll during the test

switch (args[0])
{
    case "open":
        try
        {
            using var broker = EmbeddedBroker.Open(options);
            stdout.WriteLine("opened");
        }
        catch (DataDirectoryLockedException)
        {
            stdout.WriteLine("locked");
        }
        return 0;

    case "produce":
        return Produce(int.Parse(args[2], CultureInfo.InvariantCulture), args[3], int.Parse(args[4], CultureInfo.InvariantCulture),
            args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 3);

    case "seed":
        return Seed(args[2], args[3], int.Parse(args[4], CultureInfo.InvariantCulture), long.Parse(args[5], CultureInfo.InvariantCulture));

    case "eos":
        return ExactlyOnce(args[2], args[3], args[4], args.Length > 5 ? long.Parse(args[5], CultureInfo.InvariantCulture) : 0,
            args.Length > 6 ? TimeSpan.FromMilliseconds(int.Parse(args[6], CultureInfo.InvariantCulture)) : TimeSpan.FromMilliseconds(100));

    default:
        Console.Error.WriteLine($"unknown mode '{args[0]}'");
        return 2;
}

int Produce(int run, string topic, int partitions, int producerCount)
{
    var broker = EmbeddedBroker.Open(options); // never disposed: the test kills the process
    using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
    {
        if (!admin.ListTopicsAsync().GetAwaiter().GetResult().Contains(topic))
            admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions }]).GetAwaiter().GetResult();
    }
    var threads = new List<Thread>();
    for (int p = 0; p < producerCount; p++)
    {
        int id = p;
        var producer = new ProducerBuilder<string, string>(broker, new ProducerConfig { Acks = Acks.All, LingerMs = 1 }).Build();
        var inFlight = new SemaphoreSlim(300);
        threads.Add(new Thread(() =>
        {
            for (long next = id; ; next += producerCount)
            {
                long seq = next; // one per record: the delivery handler runs later
                inFlight.Wait();
                string value = $"{run}-{id}:{seq}";
                producer.Produce(topic, new Message<string, string> { Key = $"key-{seq % 16}", Value = value }, report =>
                {
                    inFlight.Release();
                    if (report.Error is not null || report.Status != PersistenceStatus.Persisted) return;
                    lock (stdout) stdout.WriteLine($"ack {report.Partition} {report.Offset.Value} {seq}");
                });
            }
        }) { IsBackground = true });
    }
    foreach (var thread in threads) thread.Start();
    Thread.Sleep(Timeout.Infinite); // until killed
    return 0;
}

int Seed(string input, string output, int partitions, long records)
{
    using var broker = EmbeddedBroker.Open(options);
    using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
    {
        admin.CreateTopicsAsync([
            new TopicSpecification { Name = input, NumPartitions = partitions },
            new TopicSpecification { Name = output, NumPartitions = partitions },
        ]).GetAwaiter().GetResult();
    }
    using (var producer = new ProducerBuilder<long, long>(broker, new ProducerConfig { Acks = Acks.All }).Build())
    {
        var message = new Message<long, long>();
        for (long seq = 0; seq < records; seq++)
        {
            message.Key = seq;
            message.Value = seq;
            producer.Produce(input, message);
        }
        producer.Flush(CancellationToken.None);
    }
    using (var check = new ConsumerBuilder<long, long>(broker, new ConsumerConfig()).Build())
    {
        long written = Enumerable.Range(0, partitions).Sum(p => check.QueryWatermarkOffsets(new TopicPartition(input, p), TimeSpan.FromSeconds(10)).High.Value);
        if (written != records)
        {
            Console.Error.WriteLine($"the input holds {written} records, not {records}");
            return 1;
        }
    }
    stdout.WriteLine($"seeded {records}");
    return 0;
}

int ExactlyOnce(string input, string output, string group, long maxRecordsPerSecond, TimeSpan commitInterval)
{
    var broker = EmbeddedBroker.Open(options); // disposed only after "drained": otherwise the test kills the process
    stdout.WriteLine(broker.WasCleanStart ? "opened clean" : "opened recovered");
    // A consumer of the group that never subscribes: it only reads the group's committed offsets and the input's end.
    using var probe = new ConsumerBuilder<long, long>(broker, new ConsumerConfig { GroupId = group, ClientId = "eos-probe" }).Build();
    var inputPartitions = new List<TopicPartition>();
    using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
    {
        var description = admin.DescribeTopicsAsync([input]).GetAwaiter().GetResult().Single();
        inputPartitions.AddRange(description.Partitions.Select(p => new TopicPartition(input, p.Partition)));
    }
    long end = inputPartitions.Sum(tp => probe.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
    long Committed() => probe.Committed(inputPartitions, TimeSpan.FromSeconds(10)).Sum(o => o.Offset == Offset.Unset ? 0 : o.Offset.Value);

    var processorOptions = new ExactlyOnceProcessorOptions
    {
        Consumer = new ConsumerConfig { GroupId = group, ClientId = "eos-consumer", AutoOffsetReset = AutoOffsetReset.Earliest },
        Producer = new ProducerConfig { ClientId = "eos-producer" },
        InputTopics = [input],
        CommitInterval = commitInterval,
    };
    var message = new Message<long, long>(); // reused: the producer serializes during Produce and keeps no reference without a handler
    long handed = 0;
    long started = 0; // the pacing clock starts at the first record, after recovery, InitTransactions and the group join
    var processor = new ExactlyOnceProcessor<long, long, long, long>(broker, processorOptions, (record, results) =>
    {
        message.Key = record.Message.Key;
        message.Value = EosTransform(record.Message.Value);
        results.Produce(output, message);
        if (maxRecordsPerSecond > 0 && handed++ == 0) started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (maxRecordsPerSecond > 0 && handed % 100 == 0)
        {
            // Pacing only: the earliest moment this record may go, given the cap; kills then land mid-run more often.
            double due = handed / (double)maxRecordsPerSecond;
            double ahead = due - System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (ahead > 0) Thread.Sleep(TimeSpan.FromSeconds(ahead));
        }
    });
    using var stop = new CancellationTokenSource();
    var run = processor.RunAsync(stop.Token);
    long last = -1;
    while (true)
    {
        long committed = Committed();
        if (committed != last)
        {
            stdout.WriteLine($"committed {committed} {processor.CommittedTransactions}");
            last = committed;
        }
        if (committed >= end) break;
        if (run.IsCompleted)
        {
            Console.Error.WriteLine($"the processor stopped before the input was drained: {run.Exception?.GetBaseException()}");
            return 1;
        }
        Thread.Sleep(10);
    }
    stop.Cancel();
    run.GetAwaiter().GetResult();
    stdout.WriteLine($"drained {end} {processor.CommittedTransactions} {processor.AbortedTransactions}");
    probe.Dispose();
    broker.Dispose();
    return 0;
}

// The transform of the exactly-once child; the crash test recomputes it to check every output value.
static long EosTransform(long value) => value * 31 + 7;
