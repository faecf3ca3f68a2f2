namespace Streaming.Internal;

/// <summary>ProduceAsync on top of a transport's send, the same way for every transport.</summary>
internal static class DeliveryTasks
{
    /// <summary>
    /// Sends the record with a task the delivery completes. A send that fails at once gives a faulted task; cancelling
    /// stops the wait, not the send — the record may still be delivered, as with Kafka's producer.
    /// </summary>
    public static Task<DeliveryResult<TKey, TValue>> Start<TKey, TValue>(IRecordSender<TKey, TValue> sender, string topic, int partition,
        Message<TKey, TValue> message, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<DeliveryResult<TKey, TValue>>(cancellationToken);
        var tcs = new TaskCompletionSource<DeliveryResult<TKey, TValue>>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            sender.Send(topic, partition, message, tcs);
        }
        catch (StreamingException ex)
        {
            return Task.FromException<DeliveryResult<TKey, TValue>>(ex);
        }
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(static s => ((TaskCompletionSource<DeliveryResult<TKey, TValue>>)s!).TrySetCanceled(), tcs);
            tcs.Task.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration, TaskScheduler.Default);
        }
        return tcs.Task;
    }
}
