namespace Streaming.Streams.State.Internal;

/// <summary>
/// A global store's outer layer: the global thread writes while stream threads read, so every operation takes a lock (the
/// layers below keep reused buffers and are not thread-safe). Range and All copy their entries under the lock.
/// </summary>
internal sealed class SynchronizedTimestampedKeyValueStore<TKey, TValue>(ITimestampedKeyValueStore<TKey, TValue> inner)
    : ITimestampedKeyValueStore<TKey, TValue>, IWrappedStore, ITimestampedBytesStore
{
    private readonly Lock _lock = new();

    IStateStore IWrappedStore.WrappedStore => inner;

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long ApproximateNumEntries
    {
        get { lock (_lock) return inner.ApproximateNumEntries; }
    }

    public void Init(IStateStoreContext context)
    {
        lock (_lock) inner.Init(context);
    }

    public void Flush()
    {
        lock (_lock) inner.Flush();
    }

    public void Close()
    {
        lock (_lock) inner.Close();
    }

    public bool TryGet(TKey key, out ValueAndTimestamp<TValue> value)
    {
        lock (_lock) return inner.TryGet(key, out value);
    }

    public void Put(TKey key, ValueAndTimestamp<TValue> value)
    {
        lock (_lock) inner.Put(key, value);
    }

    public bool Delete(TKey key, out ValueAndTimestamp<TValue> oldValue)
    {
        lock (_lock) return inner.Delete(key, out oldValue);
    }

    public IEnumerable<KeyValuePair<TKey, ValueAndTimestamp<TValue>>> Range(TKey from, TKey to)
    {
        lock (_lock) return inner.Range(from, to).ToList();
    }

    public IEnumerable<KeyValuePair<TKey, ValueAndTimestamp<TValue>>> All()
    {
        lock (_lock) return inner.All().ToList();
    }
}

/// <summary>Builds a global store: a timestamped store without changelog (its topic is its changelog) or cache, behind a lock.</summary>
internal sealed class GlobalStoreBuilder<TKey, TValue>(TimestampedKeyValueStoreBuilder<TKey, TValue> inner) : IStoreBuilder
{
    public string Name => inner.Name;

    public bool LoggingEnabled => false;

    public IStateStore Build() => new SynchronizedTimestampedKeyValueStore<TKey, TValue>(inner.WithLoggingDisabled().WithCachingDisabled().BuildTimestampedKeyValueStore());
}
