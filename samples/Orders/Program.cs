// Orders: a Streams topology hosted by the generic host. Orders keyed by customer (topic 'orders', 3 partitions) are grouped
// by key and aggregated into each customer's {Count, Total} — a RocksDB store with a changelog, JSON serdes — and every new
// total goes to topic 'customer-totals'. The app produces sample orders, waits until the topology has processed and
// committed them, prints each customer's totals read back from 'customer-totals', and exits.
//
// Embedded broker (the default; data in <temp>/streaming-orders, or --data-dir <dir>). Totals are cumulative across runs.
//   dotnet run --project samples/Orders
// Any Kafka-protocol broker, e.g. `streaming broker` or Apache Kafka (or set Streaming:Kafka:BootstrapServers):
//   dotnet run --project samples/Orders -- --bootstrap-server localhost:9092
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orders;
using Streaming;
using Streaming.Hosting;
using Streaming.Streams;

const string ApplicationId = "orders-per-customer";

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
        if (!dataDirectorySet) broker.DataDirectory = Path.Combine(Path.GetTempPath(), "streaming-orders");
        broker.GroupInitialRebalanceDelay = TimeSpan.Zero; // one instance: no need to wait for more members
    });
}

Serde<Order> orderSerde = Serdes.Json<Order>();
Serde<CustomerTotals> totalsSerde = Serdes.Json<CustomerTotals>();
streaming
    .AddTopic("orders", partitions: 3)
    .AddTopic("customer-totals", partitions: 3)
    .AddTopology(ApplicationId, topology => topology
        .Stream("orders", Consumed<string, Order>.With(Serdes.String, orderSerde))
        .GroupByKey()                                                      // already keyed by customer: no repartition
        .Aggregate(
            () => CustomerTotals.None,
            (_, order, totals) => totals.Add(order),
            materialized: Materialized<string, CustomerTotals>.As("customer-totals").WithValueSerde(totalsSerde))
        .ToStream()
        .To("customer-totals", Produced<string, CustomerTotals>.With(Serdes.String, totalsSerde)),
        options => options.CommitInterval = TimeSpan.FromMilliseconds(500)); // short, so the sample sees its results soon

using var host = builder.Build();
await host.StartAsync();
var transport = host.Services.GetRequiredService<IStreamingTransport>();
Console.WriteLine($"transport: {transport.Name}");

// IProducer<string, Order> is injectable; Order travels as JSON (the built-in serializer for records).
var producer = host.Services.GetRequiredService<IProducer<string, Order>>();
string[] customers = ["alice", "bob", "carol", "dave", "erin"];
const int orderCount = 40;
Console.WriteLine($"producing {orderCount} orders to 'orders':");
for (int i = 0; i < orderCount; i++)
{
    var order = new Order(i, customers[(i * 7 + i / 5) % customers.Length], Math.Round(5m + (i * 37 % 100) * 1.25m, 2));
    await producer.ProduceAsync("orders", new Message<string, Order> { Key = order.CustomerId, Value = order });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  order #{order.Id,-3} {order.CustomerId,-6} {order.Amount,8:0.00}"));
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

// The latest record per customer in 'customer-totals' is the customer's current total.
var totals = ReadLatest(transport, "customer-totals", totalsSerde.Deserializer);
Console.WriteLine($"totals per customer ({totals.Count} customers, from 'customer-totals'):");
foreach (var (customer, t) in totals.OrderBy(t => t.Key, StringComparer.Ordinal))
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {customer,-6} {t.Count,3} orders  total {t.Total,9:0.00}"));

await host.StopAsync(); // closes the topology: commits and checkpoints its store
Console.WriteLine("done");
return 0;

static Dictionary<string, CustomerTotals> ReadLatest(IStreamingTransport transport, string topic, IDeserializer<CustomerTotals> deserializer)
{
    using var admin = transport.CreateAdminClient(new AdminClientConfig());
    int partitions = admin.DescribeTopicsAsync([topic]).GetAwaiter().GetResult()[0].Partitions.Count;
    using var consumer = new ConsumerBuilder<string, CustomerTotals>(transport, new ConsumerConfig { GroupId = "orders-printer", EnablePartitionEof = true })
        .SetValueDeserializer(deserializer)
        .Build();
    consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
    var latest = new Dictionary<string, CustomerTotals>(StringComparer.Ordinal);
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
