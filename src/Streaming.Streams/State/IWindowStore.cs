namespace Streaming.Streams.State;

/// <summary>A window state store (Kafka's <c>WindowStore</c>).</summary>
public interface IWindowStore<TKey, TValue> : IStateStore, IReadOnlyWindowStore<TKey, TValue>
{
    /// <summary>
    /// Sets the value of <paramref name="key"/> in the window starting at <paramref name="windowStartMs"/>; a null value deletes
    /// it. A store that retains duplicates (a join's) adds a value each time instead, and ignores nulls.
    /// </summary>
    void Put(TKey key, TValue value, long windowStartMs);
}
