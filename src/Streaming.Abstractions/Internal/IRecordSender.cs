namespace Streaming.Internal;

/// <summary>What a transport's producer does with one record: serialize it and hand it to its batches.</summary>
internal interface IRecordSender<TKey, TValue>
{
    /// <summary>
    /// Sends a record to <paramref name="partition"/> (-1: the partitioner chooses); <paramref name="completion"/> is a
    /// <see cref="TaskCompletionSource{TResult}"/> of <see cref="DeliveryResult{TKey, TValue}"/>, a delivery handler, or null.
    /// </summary>
    void Send(string topic, int partition, Message<TKey, TValue> message, object? completion);
}
