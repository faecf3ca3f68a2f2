// Quickstart: a generic-host app on the embedded broker (no Docker, no JVM). It creates the topic 'orders' with 3
// partitions, publishes orders, and runs two consumer groups: 'order-emails' with two members that share the
// partitions, and 'order-audit' whose single member reads everything (fan-out). It waits until both groups have handled
// every order, prints who did what, and exits. Run it twice: the data directory keeps the log and the groups' committed
// offsets, so the second run's groups handle only the new orders.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quickstart;
using Streaming;
using Streaming.Hosting;

string dataDirectory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "streaming-quickstart");

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<Tally>();
builder.AddStreaming()
    // The default transport; .UseKafka("broker:9092") runs the same app on a Kafka cluster.
    .UseEmbeddedBroker(broker =>
    {
        broker.DataDirectory = dataDirectory;
        broker.GroupInitialRebalanceDelay = TimeSpan.Zero; // every member starts at once here: no need to wait for more
    })
    .AddTopic("orders", partitions: 3)
    .AddConsumer<FirstEmailSender>(["orders"], "order-emails", name: "emails-1")
    .AddConsumer<SecondEmailSender>(["orders"], "order-emails", name: "emails-2")
    .AddConsumer<Auditor>(["orders"], "order-audit", name: "audit");

using var host = builder.Build();
await host.StartAsync();
Console.WriteLine($"embedded broker in {dataDirectory}; topic 'orders' has 3 partitions");

// IProducer<TKey, TValue> is injectable: one long-lived client, JSON for the Order record.
var producer = host.Services.GetRequiredService<IProducer<string, Order>>();
string[] customers = ["alice", "bob", "carol", "dave", "erin", "frank"];
for (int i = 0; i < 12; i++)
{
    string customer = customers[i % customers.Length];
    var delivered = await producer.ProduceAsync("orders", new Message<string, Order> { Key = customer, Value = new Order(i, customer, 10 + i) });
    Console.WriteLine($"produced order #{i,-2} key={customer,-6} -> partition {delivered.Partition} offset {delivered.Offset}");
}

// Wait — without sleeping — until both groups have handled everything that is in the topic now.
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
await host.Services.GetRequiredService<ConsumptionTracker>().WaitUntilConsumedAsync(timeout.Token);

var tally = host.Services.GetRequiredService<Tally>();
foreach (var (member, seen) in tally.ByMember.OrderBy(m => m.Key, StringComparer.Ordinal))
    Console.WriteLine($"{member,-8} handled {seen.Count,2} orders from partitions {string.Join(", ", seen.Select(s => s.Partition).Distinct().Order())}");
Console.WriteLine("'order-emails' shared the partitions between its two members; 'order-audit' read every order (fan-out).");

await host.StopAsync(); // commits what was handled and leaves the groups
