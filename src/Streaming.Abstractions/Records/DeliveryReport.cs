namespace Streaming;

/// <summary>The outcome of one produce: a result, or the error that stopped it.</summary>
public sealed class DeliveryReport<TKey, TValue> : DeliveryResult<TKey, TValue>
{
    /// <summary>The error, or null when the record was delivered.</summary>
    public StreamingException? Error { get; init; }
}
