// The child process of the broker's crash tests (tests/Streaming.Broker.Tests/Durability/CrashTests.cs).
//
//   open <directory>                 tries to open the broker; prints "opened" or "locked"
//   produce <directory> <run> <topic> <partitions> [producers]
//                                    produces keyed records with acks=all from several producers until killed; for every
//                                    acknowledged record prints "ack <partition> <offset> <seq>" (flushed per line).
//                                    Producer p (of n) sends seq = p, p + n, p + 2n, … as key "key-<seq % 16>",
//                                    value "<run>-<p>:<seq>".
using System.Globalization;
using Streaming;
using Streaming.Broker;

var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true, NewLine = "\n" };
var options = new EmbeddedBrokerOptions { DataDirectory = args[1], RetentionCheckInterval = TimeSpan.FromHours(1) };
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
