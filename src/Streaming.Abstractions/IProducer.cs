namespace Streaming;

/// <summary>
/// Sends records to topics. Records are batched per partition (<c>linger.ms</c>, <c>batch.size</c>) and sent
/// asynchronously; the key and value are serialized during the call, so the message object may be reused after it returns.
/// </summary>
public interface IProducer<TKey, TValue> : IClient
{
    /// <summary>Sends a record to a partition chosen by its key (murmur2) or by the keyless partitioner; completes when acknowledged.</summary>
    Task<DeliveryResult<TKey, TValue>> ProduceAsync(string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default);

    /// <summary>Sends a record to a given partition; completes when acknowledged.</summary>
    Task<DeliveryResult<TKey, TValue>> ProduceAsync(TopicPartition topicPartition, Message<TKey, TValue> message, CancellationToken cancellationToken = default);

    /// <summary>Sends a record without waiting; <paramref name="deliveryHandler"/>, if given, is called with the outcome.</summary>
    /// <exception cref="BufferExhaustedException"><c>buffer.memory</c> stayed full for <c>max.block.ms</c>.</exception>
    void Produce(string topic, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null);

    /// <summary>Sends a record to a given partition without waiting.</summary>
    void Produce(TopicPartition topicPartition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null);

    /// <summary>Sends everything buffered and waits for it; returns how many records are still in flight after <paramref name="timeout"/>.</summary>
    int Flush(TimeSpan timeout);

    /// <summary>Sends everything buffered and waits until it is acknowledged.</summary>
    void Flush(CancellationToken cancellationToken = default);
}
