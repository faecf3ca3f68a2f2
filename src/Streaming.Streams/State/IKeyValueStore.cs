namespace Streaming.Streams.State;

/// <summary>A key-value state store.</summary>
public interface IKeyValueStore<TKey, TValue> : IStateStore, IReadOnlyKeyValueStore<TKey, TValue>
{
    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>; a null value deletes the key.</summary>
    void Put(TKey key, TValue value);

    /// <summary>Removes <paramref name="key"/>; returns whether it was there (and its old value).</summary>
    bool Delete(TKey key, out TValue oldValue);
}
