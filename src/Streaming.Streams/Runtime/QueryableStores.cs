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
