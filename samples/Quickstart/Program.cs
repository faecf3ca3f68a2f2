// Quickstart: start the embedded broker in a data directory, create a topic with 3 partitions,
// produce keyed records and consume them back. Run it twice: the second run finds the records
// of the first one on disk.
using Streaming;
using Streaming.Broker;

string dataDirectory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "streaming-quickstart");
const string topic = "orders";

// One group member here, so its first rebalance need not wait group.initial.rebalance.delay.ms (3 s) for others.
using var broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = dataDirectory, GroupInitialRebalanceDelay = TimeSpan.Zero });
Console.WriteLine($"broker started in {broker.DataDirectory} ({(broker.WasCleanStart ? "clean start" : "recovered after an unclean stop or first start")})");

using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
{
    var existing = await admin.ListTopicsAsync();
    if (!existing.Contains(topic))
    {
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 3 }]);
        Console.WriteLine($"created topic '{topic}' with 3 partitions");
    }
    else
    {
        Console.WriteLine($"topic '{topic}' exists already");
    }
}

// acks=all (the default): each delivery is confirmed only after the log is fsynced.
using (var producer = new ProducerBuilder<string, string>(broker, new ProducerConfig { Acks = Acks.All }).Build())
{
    string[] customers = ["alice", "bob", "carol", "dave"];
    for (int i = 0; i < 8; i++)
    {
        string customer = customers[i % customers.Length];
        var result = await producer.ProduceAsync(topic, new Message<string, string> { Key = customer, Value = $"order #{i} for {customer}" });
        Console.WriteLine($"produced key={customer,-6} -> partition {result.Partition} offset {result.Offset}");
    }
}

// A consumer group: it shares the topic's partitions among its members and remembers (commits) how far it got, so on
// the next run it reads only what is new.
var groupConfig = new ConsumerConfig { GroupId = "order-emails", AutoOffsetReset = AutoOffsetReset.Earliest };
using (var member = new ConsumerBuilder<string, string>(broker, groupConfig)
           .SetPartitionsAssignedHandler((_, partitions) => Console.WriteLine($"group 'order-emails' assigned {string.Join(", ", partitions)}"))
           .Build())
{
    member.Subscribe(topic);
    int fresh = 0;
    while (member.Consume(TimeSpan.FromMilliseconds(500)) is { } record)
    {
        Console.WriteLine($"group 'order-emails' got {record.TopicPartitionOffset}: {record.Message.Value}");
        fresh++;
    }
    member.Commit(); // what was processed; Close would commit it too
    Console.WriteLine($"group 'order-emails' read {fresh} new records; committed: " +
        string.Join(", ", member.Committed(Enumerable.Range(0, 3).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(1)).Select(c => $"[{c.Partition}]={c.Offset}")));
    member.Close(); // leaves the group
}

// Read every partition from the beginning; the same key always lands on the same partition (murmur2, as Kafka).
using var consumer = new ConsumerBuilder<string, string>(broker, new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
consumer.Assign(Enumerable.Range(0, 3).Select(p => new TopicPartition(topic, p)));
int count = 0;
while (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } record)
{
    Console.WriteLine($"consumed {record.TopicPartitionOffset}: key={record.Message.Key} value={record.Message.Value}");
    count++;
}
Console.WriteLine($"consumed {count} records; end offsets: " +
    string.Join(", ", Enumerable.Range(0, 3).Select(p => $"[{p}]={consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(1)).High}")));
