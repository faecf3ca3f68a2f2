using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>
/// Builds serde(caching(change-logging(bytes store))) key-value stores whose values carry their timestamp
/// (<see cref="ITimestampedKeyValueStore{TKey, TValue}"/>); the DSL materializes its tables with these.
/// </summary>
public sealed class TimestampedKeyValueStoreBuilder<TKey, TValue> : IStoreBuilder
{
    private readonly IKeyValueBytesStoreSupplier _supplier;

    internal TimestampedKeyValueStoreBuilder(IKeyValueBytesStoreSupplier supplier, Serde<TKey> keySerde, Serde<TValue> valueSerde)
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

    public bool CachingEnabled { get; private set; }

    public bool LoggingEnabled { get; private set; } = true;

    /// <summary>Buffers writes in the task's record cache; downstream sees one update per key per flush.</summary>
    public TimestampedKeyValueStoreBuilder<TKey, TValue> WithCachingEnabled() { CachingEnabled = true; return this; }

    public TimestampedKeyValueStoreBuilder<TKey, TValue> WithCachingDisabled() { CachingEnabled = false; return this; }

    /// <summary>Writes every change to <c>&lt;application.id&gt;-&lt;store&gt;-changelog</c>: the value, stamped with its timestamp.</summary>
    public TimestampedKeyValueStoreBuilder<TKey, TValue> WithLoggingEnabled() { LoggingEnabled = true; return this; }

    public TimestampedKeyValueStoreBuilder<TKey, TValue> WithLoggingDisabled() { LoggingEnabled = false; return this; }

    public IStateStore Build() => BuildTimestampedKeyValueStore();

    /// <summary>A new, unopened typed store.</summary>
    public ITimestampedKeyValueStore<TKey, TValue> BuildTimestampedKeyValueStore()
    {
        IKeyValueStore<byte[], byte[]> inner = _supplier.Get();
        if (LoggingEnabled) inner = new ChangeLoggingTimestampedKeyValueStore(inner);
        if (CachingEnabled) inner = new CachingKeyValueStore(inner);
        inner = new MeteredKeyValueBytesStore(inner);
        return new TimestampedSerdeKeyValueStore<TKey, TValue>(inner, KeySerde, ValueSerde);
    }
}
