using Streaming.Broker;
using Streaming.Broker.Protocol;
using Streaming.Contract;

namespace Streaming.Kafka.Tests.Listener;

/// <summary>
/// The Kafka transport (Confluent.Kafka) against the embedded broker's own Kafka listener on 127.0.0.1 and an ephemeral
/// port: the same contract suite as in process, over the wire.
/// </summary>
public sealed class ListenerFixture : TransportFixture
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "streaming-listener-" + Guid.NewGuid().ToString("N"));
    private readonly EmbeddedBroker _broker;
    private readonly KafkaListener _listener;

    public ListenerFixture()
    {
        _broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions
        {
            DataDirectory = _directory,
            OffsetsTopicPartitions = 3,
            TransactionStateTopicPartitions = 3,
            GroupInitialRebalanceDelay = TimeSpan.Zero,
        });
        _listener = KafkaListener.Start(_broker, new KafkaListenerOptions { Port = 0 });
    }

    public string BootstrapServers => _listener.BootstrapServers;

    protected override IStreamingTransport CreateTransport() => new KafkaTransport(new KafkaTransportOptions { BootstrapServers = _listener.BootstrapServers });

    public override void CreateTopic(string name, int partitions)
    {
        using var admin = _broker.CreateAdminClient(new AdminClientConfig());
        admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = partitions }]).GetAwaiter().GetResult();
    }

    public override void Dispose()
    {
        base.Dispose();
        _listener.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _broker.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
