namespace Streaming.Streams.State.Internal;

/// <summary>A plain window-store view of a timestamped window store: reads drop the timestamps, writes store timestamp -1 (none).</summary>
internal sealed class WindowStoreFacade<TKey, TValue>(ITimestampedWindowStore<TKey, TValue> inner) : IWindowStore<TKey, TValue>
{
    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public void Init(IStateStoreContext context) => inner.Init(context);

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();

    public void Put(TKey key, TValue value, long windowStartMs) => inner.Put(key, new ValueAndTimestamp<TValue>(value, -1), windowStartMs);

    public bool TryFetch(TKey key, long windowStartMs, out TValue value)
    {
        bool found = inner.TryFetch(key, windowStartMs, out ValueAndTimestamp<TValue> vt);
        value = vt.Value;
        return found;
    }

    public IEnumerable<KeyValuePair<long, TValue>> Fetch(TKey key, long timeFromMs, long timeToMs)
        => inner.Fetch(key, timeFromMs, timeToMs).Select(static kv => new KeyValuePair<long, TValue>(kv.Key, kv.Value.Value));

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> FetchAll(long timeFromMs, long timeToMs)
        => inner.FetchAll(timeFromMs, timeToMs).Select(static kv => new KeyValuePair<Windowed<TKey>, TValue>(kv.Key, kv.Value.Value));

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> All() => inner.All().Select(static kv => new KeyValuePair<Windowed<TKey>, TValue>(kv.Key, kv.Value.Value));
}
