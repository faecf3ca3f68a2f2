using Microsoft.Extensions.DependencyInjection;
using Streaming.Broker;

namespace Streaming.Hosting.Tests;

public sealed class DeadLetterTopicTests
{
    [Fact]
    public async Task StartAsync_DeadLetteringConsumers_CreatesEachDeadLetterTopicWithItsSourcesPartitionCount()
    {
        using var dir = new TempDirectory();
        using (var broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = dir.Path }))
        using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
        {
            // A source topic that exists but is not declared to the host.
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "payments", NumPartitions = 4 }]);
        }

        await using var host = await TestHost.StartAsync(dir.Path, s => s
            .AddTopic("orders", partitions: 3)
            .AddConsumer<StringHandler>("orders", "billing")
            .AddConsumer<StringHandler>(["payments"], "ledger", name: "ledger"),
            services => services.AddSingleton(new Probe()));

        using var client = host.Transport.CreateAdminClient(new AdminClientConfig());
        var topics = (await client.DescribeTopicsAsync(["orders.dlq", "payments.dlq"])).ToDictionary(t => t.Name, t => t.Partitions.Count);
        Assert.Equal(3, topics["orders.dlq"]);
        Assert.Equal(4, topics["payments.dlq"]);
    }
}
