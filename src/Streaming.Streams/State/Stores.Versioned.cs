namespace Streaming.Streams.State;

/// <summary>Factories for versioned stores.</summary>
public static partial class Stores
{
    /// <summary>A RocksDB store keeping each key's versions for <paramref name="historyRetention"/> (Kafka's <c>persistentVersionedKeyValueStore</c>).</summary>
    public static IVersionedBytesStoreSupplier PersistentVersionedKeyValueStore(string name, TimeSpan historyRetention)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historyRetention, TimeSpan.Zero);
        return new VersionedBytesStoreSupplier(Named.As(name).Name, historyRetention, persistent: true);
    }

    /// <summary>A heap store keeping each key's versions for <paramref name="historyRetention"/>; rebuilt from its changelog on restart.</summary>
    public static IVersionedBytesStoreSupplier InMemoryVersionedKeyValueStore(string name, TimeSpan historyRetention)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historyRetention, TimeSpan.Zero);
        return new VersionedBytesStoreSupplier(Named.As(name).Name, historyRetention, persistent: false);
    }

    /// <summary>A builder of typed versioned stores over <paramref name="supplier"/>: change-logging on.</summary>
    public static VersionedKeyValueStoreBuilder<TKey, TValue> VersionedKeyValueStoreBuilder<TKey, TValue>(IVersionedBytesStoreSupplier supplier, Serde<TKey> keySerde,
        Serde<TValue> valueSerde)
        => new(supplier, keySerde, valueSerde);
}
