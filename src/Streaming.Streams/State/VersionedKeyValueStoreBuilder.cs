using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>Makes the bytes layer of a versioned store, one per task.</summary>
public interface IVersionedBytesStoreSupplier
{
    string Name { get; }

    /// <summary>How far back (from the highest timestamp seen) the store keeps history.</summary>
    TimeSpan HistoryRetention { get; }

    /// <summary>A new, unopened bytes store with history.</summary>
    internal VersionedBytesStore Get();
}

/// <summary>Builds serde(change-logging(versioned bytes store)) stores; versioned stores have no cache (as Kafka).</summary>
public sealed class VersionedKeyValueStoreBuilder<TKey, TValue> : IStoreBuilder
{
    private readonly IVersionedBytesStoreSupplier _supplier;

    internal VersionedKeyValueStoreBuilder(IVersionedBytesStoreSupplier supplier, Serde<TKey> keySerde, Serde<TValue> valueSerde)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        ArgumentNullException.ThrowIfNull(keySerde);
        ArgumentNullException.ThrowIfNull(valueSerde);
        _supplier = supplier;
        KeySerde = keySerde;
        ValueSerde = valueSerde;
    }

    public string Name => _supplier.Name;

    public Serde<TKey> KeySerde { get; }

    public Serde<TValue> ValueSerde { get; }

    public bool LoggingEnabled { get; private set; } = true;

    /// <summary>Writes every accepted put to <c>&lt;application.id&gt;-&lt;store&gt;-changelog</c>, stamped with the version's timestamp.</summary>
    public VersionedKeyValueStoreBuilder<TKey, TValue> WithLoggingEnabled() { LoggingEnabled = true; return this; }

    public VersionedKeyValueStoreBuilder<TKey, TValue> WithLoggingDisabled() { LoggingEnabled = false; return this; }

    public IStateStore Build() => BuildVersionedKeyValueStore();

    /// <summary>A new, unopened typed store.</summary>
    public IVersionedKeyValueStore<TKey, TValue> BuildVersionedKeyValueStore() => new SerdeVersionedKeyValueStore<TKey, TValue>(_supplier.Get(), KeySerde, ValueSerde, LoggingEnabled);
}

internal sealed class VersionedBytesStoreSupplier(string name, TimeSpan historyRetention, bool persistent) : IVersionedBytesStoreSupplier
{
    public string Name { get; } = name;

    public TimeSpan HistoryRetention { get; } = historyRetention;

    VersionedBytesStore IVersionedBytesStoreSupplier.Get()
        => new(persistent ? new RocksDbKeyValueStore(Name) : new InMemoryKeyValueStore(Name), (long)HistoryRetention.TotalMilliseconds);
}
