namespace Streaming.Streams.State;

/// <summary>Reads of a key-value store. Iteration follows the order of the serialized keys (unsigned lexicographic bytes).</summary>
public interface IReadOnlyKeyValueStore<TKey, TValue>
{
    /// <summary>The value of <paramref name="key"/>, or false when there is none.</summary>
    bool TryGet(TKey key, out TValue value);

    /// <summary>The entries from <paramref name="from"/> to <paramref name="to"/>, both inclusive; empty when from &gt; to. Dispose the enumerator (foreach does).</summary>
    IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to);

    /// <summary>Every entry, in key order. Dispose the enumerator (foreach does).</summary>
    IEnumerable<KeyValuePair<TKey, TValue>> All();

    /// <summary>An estimate of the number of entries (exact for in-memory stores).</summary>
    long ApproximateNumEntries { get; }
}
