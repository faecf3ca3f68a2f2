namespace Streaming.Hosting;

/// <summary>
/// Produces records from inside a handler. Under <see cref="DeliveryGuarantee.ExactlyOnce"/> the records are held until the
/// attempt succeeds and then written into the worker's transaction (visible to read_committed consumers when it commits);
/// otherwise each call completes when the broker acknowledged the record.
/// </summary>
public interface IRecordProducer
{
    /// <summary>Produces a record to <paramref name="topic"/>, serialized with the registered (or built-in, JSON by default) serializers.</summary>
    Task ProduceAsync<TKey, TValue>(string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default);
}
