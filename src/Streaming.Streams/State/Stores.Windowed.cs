namespace Streaming.Streams.State;

public static partial class Stores
{
    /// <summary>A RocksDB window store keeping windows for <paramref name="retentionPeriod"/> (Kafka's <c>persistentWindowStore</c>).</summary>
    public static WindowBytesStoreSupplier PersistentWindowStore(string name, TimeSpan retentionPeriod, TimeSpan windowSize, bool retainDuplicates)
        => new(Named.As(name).Name, StoreType.RocksDb, (long)retentionPeriod.TotalMilliseconds, (long)windowSize.TotalMilliseconds, retainDuplicates);

    /// <summary>A heap window store keeping windows for <paramref name="retentionPeriod"/>; rebuilt from its changelog on restart.</summary>
    public static WindowBytesStoreSupplier InMemoryWindowStore(string name, TimeSpan retentionPeriod, TimeSpan windowSize, bool retainDuplicates)
        => new(Named.As(name).Name, StoreType.InMemory, (long)retentionPeriod.TotalMilliseconds, (long)windowSize.TotalMilliseconds, retainDuplicates);

    /// <summary>A RocksDB session store keeping sessions for <paramref name="retentionPeriod"/> after their end.</summary>
    public static SessionBytesStoreSupplier PersistentSessionStore(string name, TimeSpan retentionPeriod)
        => new(Named.As(name).Name, StoreType.RocksDb, (long)retentionPeriod.TotalMilliseconds);

    /// <summary>A heap session store keeping sessions for <paramref name="retentionPeriod"/> after their end.</summary>
    public static SessionBytesStoreSupplier InMemorySessionStore(string name, TimeSpan retentionPeriod)
        => new(Named.As(name).Name, StoreType.InMemory, (long)retentionPeriod.TotalMilliseconds);

    /// <summary>A builder of typed window stores: change-logging on, caching off until enabled.</summary>
    public static WindowStoreBuilder<TKey, TValue> WindowStoreBuilder<TKey, TValue>(WindowBytesStoreSupplier supplier, Serde<TKey> keySerde, Serde<TValue> valueSerde)
        => new(supplier, keySerde, valueSerde);

    /// <summary>A builder of window stores whose values carry their timestamp: change-logging on, caching off until enabled.</summary>
    public static TimestampedWindowStoreBuilder<TKey, TValue> TimestampedWindowStoreBuilder<TKey, TValue>(WindowBytesStoreSupplier supplier, Serde<TKey> keySerde,
        Serde<TValue> valueSerde)
        => new(supplier, keySerde, valueSerde);

    /// <summary>A builder of typed session stores: change-logging on, caching off until enabled.</summary>
    public static SessionStoreBuilder<TKey, TValue> SessionStoreBuilder<TKey, TValue>(SessionBytesStoreSupplier supplier, Serde<TKey> keySerde, Serde<TValue> valueSerde)
        => new(supplier, keySerde, valueSerde);
}
