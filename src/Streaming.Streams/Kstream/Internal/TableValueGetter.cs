using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// Reads a table's current value for a key from a processor of the same task (Kafka's <c>KTableValueGetter</c>): from the
/// table's store when it is materialized, otherwise computed from its parent's getter (filter, mapValues, join).
/// </summary>
internal interface ITableValueGetter<TKey, TValue>
{
    void Init(IProcessingContext context);

    /// <summary>The key's current value with its timestamp; false when the key has none.</summary>
    bool TryGet(TKey key, out ValueAndTimestamp<TValue> value);

    /// <summary>True when the table keeps history (<see cref="TryGetAsOf"/> answers).</summary>
    bool IsVersioned { get; }

    /// <summary>The key's value as of <paramref name="timestamp"/> (versioned tables only).</summary>
    bool TryGetAsOf(TKey key, long timestamp, out ValueAndTimestamp<TValue> value);
}

/// <summary>Makes a table's value getters (one per task) and names the stores they read, which the reading processor must be connected to.</summary>
internal sealed class TableValueGetterSupplier<TKey, TValue>(IReadOnlyList<string> storeNames, Func<ITableValueGetter<TKey, TValue>> create)
{
    public IReadOnlyList<string> StoreNames { get; } = storeNames;

    public ITableValueGetter<TKey, TValue> Get() => create();

    /// <summary>A getter reading store <paramref name="store"/> (timestamped or versioned).</summary>
    public static TableValueGetterSupplier<TKey, TValue> FromStore(string store) => new([store], () => new StoreValueGetter<TKey, TValue>(store));

    /// <summary>A getter applying <paramref name="map"/> to the values of <paramref name="parent"/> (an unmaterialized filter or mapValues).</summary>
    public static TableValueGetterSupplier<TKey, TValue> Mapped<TParent>(TableValueGetterSupplier<TKey, TParent> parent, Func<TKey, TParent, Change<TValue>> map)
        => new(parent.StoreNames, () => new MappedValueGetter<TKey, TParent, TValue>(parent.Get(), map));
}

/// <summary>Reads a table's store: a timestamped store (latest value) or a versioned one (also as of a time).</summary>
internal sealed class StoreValueGetter<TKey, TValue>(string storeName) : ITableValueGetter<TKey, TValue>
{
    private ITimestampedKeyValueStore<TKey, TValue>? _store;
    private IVersionedKeyValueStore<TKey, TValue>? _versioned;

    public bool IsVersioned => _versioned is not null;

    public void Init(IProcessingContext context)
    {
        IStateStore store = context.GetStateStore<IStateStore>(storeName);
        _versioned = store as IVersionedKeyValueStore<TKey, TValue>;
        if (_versioned is null) _store = context.GetStateStore<ITimestampedKeyValueStore<TKey, TValue>>(storeName);
    }

    public bool TryGet(TKey key, out ValueAndTimestamp<TValue> value)
    {
        if (_versioned is not null) return FromVersion(_versioned.Get(key), out value);
        return _store!.TryGet(key, out value);
    }

    public bool TryGetAsOf(TKey key, long timestamp, out ValueAndTimestamp<TValue> value)
        => _versioned is null ? TryGet(key, out value) : FromVersion(_versioned.Get(key, timestamp), out value);

    private static bool FromVersion(VersionedRecord<TValue>? record, out ValueAndTimestamp<TValue> value)
    {
        if (record is { } r)
        {
            value = new ValueAndTimestamp<TValue>(r.Value, r.Timestamp);
            return true;
        }
        value = default;
        return false;
    }
}

/// <summary>The parent's value, mapped; a value mapped to a deletion (filtered out, or null) is absent.</summary>
internal sealed class MappedValueGetter<TKey, TParent, TValue>(ITableValueGetter<TKey, TParent> parent, Func<TKey, TParent, Change<TValue>> map)
    : ITableValueGetter<TKey, TValue>
{
    public bool IsVersioned => parent.IsVersioned;

    public void Init(IProcessingContext context) => parent.Init(context);

    public bool TryGet(TKey key, out ValueAndTimestamp<TValue> value) => Map(key, parent.TryGet(key, out ValueAndTimestamp<TParent> p), p, out value);

    public bool TryGetAsOf(TKey key, long timestamp, out ValueAndTimestamp<TValue> value)
        => Map(key, parent.TryGetAsOf(key, timestamp, out ValueAndTimestamp<TParent> p), p, out value);

    private bool Map(TKey key, bool found, ValueAndTimestamp<TParent> p, out ValueAndTimestamp<TValue> value)
    {
        if (found)
        {
            Change<TValue> mapped = map(key, p.Value);
            if (mapped.HasNew)
            {
                value = new ValueAndTimestamp<TValue>(mapped.NewValue, p.Timestamp);
                return true;
            }
        }
        value = default;
        return false;
    }
}
