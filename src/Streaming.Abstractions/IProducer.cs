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

    /// <summary>
    /// Registers the producer's <c>transactional.id</c> with the transaction coordinator, once, before any transaction:
    /// fences every older instance with that id and aborts (or completes) what it left open.
    /// </summary>
    /// <exception cref="InvalidTxnStateException">The producer has no <c>transactional.id</c>, or was initialized already.</exception>
    void InitTransactions(TimeSpan timeout);

    /// <summary>Opens a transaction: records produced from now on become visible to read_committed consumers only at commit.</summary>
    /// <exception cref="InvalidTxnStateException">Not initialized, or a transaction is already open.</exception>
    void BeginTransaction();

    /// <summary>
    /// Commits the consumer's offsets (the next offset to read per partition) inside the open transaction, so they become
    /// committed together with the records produced in it.
    /// </summary>
    /// <exception cref="CommitFailedException">The group rebalanced: the consumer no longer owns the partitions; abort.</exception>
    void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, ConsumerGroupMetadata groupMetadata, TimeSpan timeout);

    /// <summary>Sends what is buffered, then commits the transaction: every record and offset in it becomes visible at once.</summary>
    /// <exception cref="TransactionAbortableException">Something in the transaction failed; abort it.</exception>
    /// <exception cref="ProducerFencedException">A newer instance with the same <c>transactional.id</c> took over.</exception>
    void CommitTransaction(TimeSpan timeout);

    /// <summary>Commits the open transaction, waiting as long as it takes.</summary>
    void CommitTransaction();

    /// <summary>Aborts the open transaction: records not yet sent are dropped, the rest are never visible to read_committed consumers.</summary>
    void AbortTransaction(TimeSpan timeout);

    /// <summary>Aborts the open transaction, waiting as long as it takes.</summary>
    void AbortTransaction();
}
