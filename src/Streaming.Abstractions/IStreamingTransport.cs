namespace Streaming;

/// <summary>
/// The transport plug: where clients come from. The embedded broker, the Kafka wire protocol and Confluent.Kafka each
/// implement it; application code sees only the client contracts.
/// </summary>
public interface IStreamingTransport
{
    /// <summary>A short name for logs ("in-process", "kafka").</summary>
    string Name { get; }

    /// <summary>Creates a producer.</summary>
    IProducer<TKey, TValue> CreateProducer<TKey, TValue>(ProducerConfig config, ISerializer<TKey> keySerializer, ISerializer<TValue> valueSerializer);

    /// <summary>Creates a consumer.</summary>
    IConsumer<TKey, TValue> CreateConsumer<TKey, TValue>(ConsumerSetup<TKey, TValue> setup);

    /// <summary>Creates an admin client.</summary>
    IAdminClient CreateAdminClient(AdminClientConfig config);
}
