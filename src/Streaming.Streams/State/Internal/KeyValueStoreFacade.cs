namespace Streaming.Streams.State.Internal;

/// <summary>
/// A plain key-value view of a timestamped store (as Kafka's <c>KeyValueStoreFacade</c>): reads drop the timestamps,
/// writes store the value with timestamp -1 (none).
/// </summary>
internal sealed class KeyValueStoreFacade<TKey, TValue>(ITimestampedKeyValueStore<TKey, TValue> inner) : IKeyValueStore<TKey, TValue>
{
    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long ApproximateNumEntries => inner.ApproximateNumEntries;

    public void Init(IStateStoreContext context) => inner.Init(context);

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();

    public bool TryGet(TKey key, out TValue value)
    {
        bool found = inner.TryGet(key, out ValueAndTimestamp<TValue> vt);
        value = vt.Value;
        return found;
    }

    public void Put(TKey key, TValue value) => inner.Put(key, new ValueAndTimestamp<TValue>(value, -1));

    public bool Delete(TKey key, out TValue oldValue)
    {
        bool existed = inner.Delete(key, out ValueAndTimestamp<TValue> old);
        oldValue = old.Value;
        return existed;
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to) => Values(inner.Range(from, to));

    public IEnumerable<KeyValuePair<TKey, TValue>> All() => Values(inner.All());

    private static IEnumerable<KeyValuePair<TKey, TValue>> Values(IEnumerable<KeyValuePair<TKey, ValueAndTimestamp<TValue>>> entries)
    {
        foreach (KeyValuePair<TKey, ValueAndTimestamp<TValue>> kv in entries) yield return new(kv.Key, kv.Value.Value);
    }
}
