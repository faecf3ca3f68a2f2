namespace Streaming.Streams.State;

/// <summary>
/// Reads of a window store (Kafka's <c>ReadOnlyWindowStore</c>): values per key and window start. Ranges are inclusive and
/// iterate in key-byte order, then by window start; windows older than the store's retention are not returned.
/// </summary>
public interface IReadOnlyWindowStore<TKey, TValue>
{
    /// <summary>The value of <paramref name="key"/> in the window starting at <paramref name="windowStartMs"/> (Kafka's <c>fetch(key, time)</c>).</summary>
    bool TryFetch(TKey key, long windowStartMs, out TValue value);

    /// <summary>The windows of <paramref name="key"/> starting from <paramref name="timeFromMs"/> to <paramref name="timeToMs"/>, as (window start, value), oldest first.</summary>
    IEnumerable<KeyValuePair<long, TValue>> Fetch(TKey key, long timeFromMs, long timeToMs);

    /// <summary>Every window of every key starting from <paramref name="timeFromMs"/> to <paramref name="timeToMs"/>.</summary>
    IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> FetchAll(long timeFromMs, long timeToMs);

    /// <summary>Every window of every key.</summary>
    IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> All();
}
