using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>Builds serde(caching(change-logging(bytes store))) key-value stores.</summary>
public sealed class KeyValueStoreBuilder<TKey, TValue> : IStoreBuilder
{
    private readonly IKeyValueBytesStoreSupplier _supplier;

    internal KeyValueStoreBuilder(IKeyValueBytesStoreSupplier supplier, Serde<TKey> keySerde, Serde<TValue> valueSerde)
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
    public KeyValueStoreBuilder<TKey, TValue> WithCachingEnabled() { CachingEnabled = true; return this; }

    public KeyValueStoreBuilder<TKey, TValue> WithCachingDisabled() { CachingEnabled = false; return this; }

    /// <summary>Writes every change to <c>&lt;application.id&gt;-&lt;store&gt;-changelog</c>.</summary>
    public KeyValueStoreBuilder<TKey, TValue> WithLoggingEnabled() { LoggingEnabled = true; return this; }

    public KeyValueStoreBuilder<TKey, TValue> WithLoggingDisabled() { LoggingEnabled = false; return this; }

    public IStateStore Build() => BuildKeyValueStore();

    /// <summary>A new, unopened typed store.</summary>
    public IKeyValueStore<TKey, TValue> BuildKeyValueStore()
    {
        IKeyValueStore<byte[], byte[]> inner = _supplier.Get();
        if (LoggingEnabled) inner = new ChangeLoggingKeyValueStore(inner);
        if (CachingEnabled) inner = new CachingKeyValueStore(inner);
        inner = new MeteredKeyValueBytesStore(inner);
        return new SerdeKeyValueStore<TKey, TValue>(inner, KeySerde, ValueSerde);
    }
}
