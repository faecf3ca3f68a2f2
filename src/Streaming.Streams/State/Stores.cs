using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>Factories for store suppliers and builders.</summary>
public static partial class Stores
{
    /// <summary>A RocksDB store in the task's state directory.</summary>
    public static IKeyValueBytesStoreSupplier PersistentKeyValueStore(string name) => new RocksDbStoreSupplier(Named.As(name).Name);

    /// <summary>A heap store.</summary>
    public static IKeyValueBytesStoreSupplier InMemoryKeyValueStore(string name) => new InMemoryStoreSupplier(Named.As(name).Name);

    /// <summary>A builder of typed stores over <paramref name="supplier"/>: change-logging on, caching off until enabled (as Kafka).</summary>
    public static KeyValueStoreBuilder<TKey, TValue> KeyValueStoreBuilder<TKey, TValue>(IKeyValueBytesStoreSupplier supplier, Serde<TKey> keySerde, Serde<TValue> valueSerde)
        => new(supplier, keySerde, valueSerde);

    /// <summary>A builder of stores whose values carry their timestamp: change-logging on, caching off until enabled (as Kafka).</summary>
    public static TimestampedKeyValueStoreBuilder<TKey, TValue> TimestampedKeyValueStoreBuilder<TKey, TValue>(IKeyValueBytesStoreSupplier supplier,
        Serde<TKey> keySerde, Serde<TValue> valueSerde)
        => new(supplier, keySerde, valueSerde);
}
