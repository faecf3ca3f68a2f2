using Streaming.Broker;
using Streaming.Kafka;

namespace Streaming.Hosting.Internal;

/// <summary>Builds the transport the options name.</summary>
internal static class TransportFactory
{
    public static IStreamingTransport Create(StreamingOptions options) => options.Transport switch
    {
        StreamingTransportKind.Kafka => CreateKafka(options.Kafka),
        _ => EmbeddedBroker.Open(new EmbeddedBrokerOptions
        {
            DataDirectory = options.EmbeddedBroker.DataDirectory,
            DefaultPartitions = options.EmbeddedBroker.DefaultPartitions,
            GroupInitialRebalanceDelay = options.EmbeddedBroker.GroupInitialRebalanceDelay,
        }),
    };

    private static KafkaTransport CreateKafka(KafkaSettings settings)
    {
        var kafka = new KafkaTransportOptions { BootstrapServers = settings.BootstrapServers };
        foreach (var (key, value) in settings.Settings) kafka.Settings[key] = value;
        return new KafkaTransport(kafka);
    }
}
