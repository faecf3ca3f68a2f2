namespace Streaming.Hosting;

/// <summary>Which transport the host's clients use.</summary>
public enum StreamingTransportKind
{
    /// <summary>The embedded broker, in this process, on a local data directory. The default.</summary>
    EmbeddedBroker = 0,

    /// <summary>Any Kafka-protocol cluster, through Confluent.Kafka.</summary>
    Kafka = 1,
}
