using Streaming.Streams.State;
using Streaming.Streams.State.Internal;

namespace Streaming.Streams.Runtime;

/// <summary>
/// A read-only view over every local copy of one key-value store (one per task of its sub-topology on this instance):
/// lookups try each, ranges and scans concatenate them. Each read runs under the owning stream thread's query lock, so it
/// sees a consistent store and waits at most one poll batch; scans are materialized under that lock.
/// </summary>
internal sealed class CompositeReadOnlyKeyValueStore<TKey, TValue>(KafkaStreams owner, string storeName, bool includeStandby) : IReadOnlyKeyValueStore<TKey, TValue>
{
    public bool TryGet(TKey key, out TValue value)
    {
        TValue found = default!;
        bool any = owner.QueryStores(storeName, includeStandby, store =>
        {
            if (!View(store).TryGet(key, out TValue v)) return false;
            found = v;
            return true;
        });
        value = found;
        return any;
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to)
    {
        var result = new List<KeyValuePair<TKey, TValue>>();
        owner.QueryStores(storeName, includeStandby, store =>
        {
            result.AddRange(View(store).Range(from, to));
            return false;
        });
        return result;
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> All()
    {
        var result = new List<KeyValuePair<TKey, TValue>>();
        owner.QueryStores(storeName, includeStandby, store =>
        {
            result.AddRange(View(store).All());
            return false;
        });
        return result;
    }

    public long ApproximateNumEntries
    {
        get
        {
            long total = 0;
            owner.QueryStores(storeName, includeStandby, store =>
            {
                total += View(store).ApproximateNumEntries;
                return false;
            });
            return total;
        }
    }

    private IReadOnlyKeyValueStore<TKey, TValue> View(IStateStore store) => store switch
    {
        IKeyValueStore<TKey, TValue> plain => plain,
        ITimestampedKeyValueStore<TKey, TValue> timestamped => new KeyValueStoreFacade<TKey, TValue>(timestamped),
        _ => throw new UnknownStateStoreException($"store '{storeName}' is a {store.GetType().Name}, not a key-value store of <{typeof(TKey).Name}, {typeof(TValue).Name}>"),
    };
}

/// <summary>A read-only view over every local copy of one window store (see <see cref="CompositeReadOnlyKeyValueStore{TKey, TValue}"/>).</summary>
internal sealed class CompositeReadOnlyWindowStore<TKey, TValue>(KafkaStreams owner, string storeName, bool includeStandby) : IReadOnlyWindowStore<TKey, TValue>
{
    public bool TryFetch(TKey key, long windowStartMs, out TValue value)
    {
        TValue found = default!;
        bool any = owner.QueryStores(storeName, includeStandby, store =>
        {
            if (!View(store).TryFetch(key, windowStartMs, out TValue v)) return false;
            found = v;
            return true;
        });
        value = found;
        return any;
    }

    public IEnumerable<KeyValuePair<long, TValue>> Fetch(TKey key, long timeFromMs, long timeToMs)
        => Collect<KeyValuePair<long, TValue>>(s => View(s).Fetch(key, timeFromMs, timeToMs));

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> FetchAll(long timeFromMs, long timeToMs)
        => Collect<KeyValuePair<Windowed<TKey>, TValue>>(s => View(s).FetchAll(timeFromMs, timeToMs));

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> All() => Collect<KeyValuePair<Windowed<TKey>, TValue>>(s => View(s).All());

    private List<T> Collect<T>(Func<IStateStore, IEnumerable<T>> read)
    {
        var result = new List<T>();
        owner.QueryStores(storeName, includeStandby, store =>
        {
            result.AddRange(read(store));
            return false;
        });
        return result;
    }

    private IReadOnlyWindowStore<TKey, TValue> View(IStateStore store) => store switch
    {
        IWindowStore<TKey, TValue> plain => plain,
        ITimestampedWindowStore<TKey, TValue> timestamped => new WindowStoreFacade<TKey, TValue>(timestamped),
        _ => throw new UnknownStateStoreException($"store '{storeName}' is a {store.GetType().Name}, not a window store of <{typeof(TKey).Name}, {typeof(TValue).Name}>"),
    };
}

/// <summary>A read-only view over every local copy of one session store.</summary>
internal sealed class CompositeReadOnlySessionStore<TKey, TValue>(KafkaStreams owner, string storeName, bool includeStandby) : IReadOnlySessionStore<TKey, TValue>
{
    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> FindSessions(TKey key, long earliestSessionEndMs, long latestSessionStartMs)
        => Collect(s => View(s).FindSessions(key, earliestSessionEndMs, latestSessionStartMs));

    public bool TryFetchSession(TKey key, long sessionStartMs, long sessionEndMs, out TValue value)
    {
        TValue found = default!;
        bool any = owner.QueryStores(storeName, includeStandby, store =>
        {
            if (!View(store).TryFetchSession(key, sessionStartMs, sessionEndMs, out TValue v)) return false;
            found = v;
            return true;
        });
        value = found;
        return any;
    }

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> Fetch(TKey key) => Collect(s => View(s).Fetch(key));

    private List<KeyValuePair<Windowed<TKey>, TValue>> Collect(Func<IStateStore, IEnumerable<KeyValuePair<Windowed<TKey>, TValue>>> read)
    {
        var result = new List<KeyValuePair<Windowed<TKey>, TValue>>();
        owner.QueryStores(storeName, includeStandby, store =>
        {
            result.AddRange(read(store));
            return false;
        });
        return result;
    }

    private IReadOnlySessionStore<TKey, TValue> View(IStateStore store)
        => store as IReadOnlySessionStore<TKey, TValue>
            ?? throw new UnknownStateStoreException($"store '{storeName}' is a {store.GetType().Name}, not a session store of <{typeof(TKey).Name}, {typeof(TValue).Name}>");
}
