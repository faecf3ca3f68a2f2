using Streaming.Streams.State;

namespace Streaming.Streams;

/// <summary>How a KTable's state store is built: name (queryable), serdes, store type, caching and change-logging.</summary>
public sealed class Materialized<TKey, TValue>
{
    public string? StoreName { get; private init; }

    public Serde<TKey>? KeySerde { get; private init; }

    public Serde<TValue>? ValueSerde { get; private init; }

    /// <summary>In-memory or RocksDB; null means the config's <c>default.dsl.store</c>.</summary>
    public StoreType? StoreType { get; private init; }

    public bool CachingEnabled { get; private init; } = true;

    public bool LoggingEnabled { get; private init; } = true;

    /// <summary>How long a window or session store keeps windows; null means window size (or gap) plus grace, the least allowed.</summary>
    public TimeSpan? Retention { get; private init; }

    public static Materialized<TKey, TValue> As(string storeName) => new() { StoreName = Named.As(storeName).Name };

    /// <summary>A versioned store from <paramref name="supplier"/> (named after it): a table materialized in it keeps history, and a stream–table join reads it as of each record's timestamp.</summary>
    public static Materialized<TKey, TValue> As(IVersionedBytesStoreSupplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        return new() { StoreName = supplier.Name, VersionedSupplier = supplier, CachingEnabled = false };
    }

    /// <summary>The versioned store supplier, when the table is materialized with history.</summary>
    public IVersionedBytesStoreSupplier? VersionedSupplier { get; private init; }

    public static Materialized<TKey, TValue> With(Serde<TKey>? keySerde, Serde<TValue>? valueSerde) => new() { KeySerde = keySerde, ValueSerde = valueSerde };

    public Materialized<TKey, TValue> WithKeySerde(Serde<TKey> keySerde) => Copy(m => m.KeySerde = keySerde);

    public Materialized<TKey, TValue> WithValueSerde(Serde<TValue> valueSerde) => Copy(m => m.ValueSerde = valueSerde);

    public Materialized<TKey, TValue> WithStoreType(StoreType storeType) => Copy(m => m.StoreType = storeType);

    public Materialized<TKey, TValue> WithCachingDisabled() => Copy(m => m.CachingEnabled = false);

    public Materialized<TKey, TValue> WithLoggingDisabled() => Copy(m => m.LoggingEnabled = false);

    /// <summary>Keeps a windowed store's windows for <paramref name="retention"/> (at least window size plus grace).</summary>
    public Materialized<TKey, TValue> WithRetention(TimeSpan retention)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        return Copy(m => m.Retention = retention);
    }

    private Materialized<TKey, TValue> Copy(Action<Mutable> change)
    {
        var m = new Mutable(this);
        change(m);
        return new() { StoreName = StoreName, VersionedSupplier = VersionedSupplier, KeySerde = m.KeySerde, ValueSerde = m.ValueSerde, StoreType = m.StoreType, CachingEnabled = m.CachingEnabled, LoggingEnabled = m.LoggingEnabled,
            Retention = m.Retention };
    }

    private sealed class Mutable(Materialized<TKey, TValue> from)
    {
        public Serde<TKey>? KeySerde = from.KeySerde;
        public Serde<TValue>? ValueSerde = from.ValueSerde;
        public StoreType? StoreType = from.StoreType;
        public bool CachingEnabled = from.CachingEnabled;
        public bool LoggingEnabled = from.LoggingEnabled;
        public TimeSpan? Retention = from.Retention;
    }
}
