using Streaming.Contract;

namespace Streaming.Kafka.Tests.Mock;

/// <summary>The Kafka transport against one librdkafka mock cluster of three brokers, shared by a test class.</summary>
public sealed class MockClusterFixture : TransportFixture
{
    private readonly MockCluster _cluster = new(brokers: 3);

    internal MockCluster Cluster => _cluster;

    public string BootstrapServers => _cluster.BootstrapServers;

    protected override IStreamingTransport CreateTransport() => new KafkaTransport(new KafkaTransportOptions { BootstrapServers = _cluster.BootstrapServers });

    public override void CreateTopic(string name, int partitions) => _cluster.CreateTopic(name, partitions, replicationFactor: 3);

    public override void Dispose()
    {
        base.Dispose();
        _cluster.Dispose();
    }
}
