using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>Builds serde(caching(change-logging(session bytes store))) session stores; the changelog key is Kafka's [key][end][start].</summary>
public sealed class SessionStoreBuilder<TKey, TValue> : IStoreBuilder, IWindowedStoreBuilder
{
    private readonly SessionBytesStoreSupplier _supplier;

    internal SessionStoreBuilder(SessionBytesStoreSupplier supplier, Serde<TKey> keySerde, Serde<TValue> valueSerde)
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

    public long RetentionPeriodMs => _supplier.RetentionPeriodMs;

    public bool CachingEnabled { get; private set; }

    public bool LoggingEnabled { get; private set; } = true;

    public SessionStoreBuilder<TKey, TValue> WithCachingEnabled() { CachingEnabled = true; return this; }

    public SessionStoreBuilder<TKey, TValue> WithCachingDisabled() { CachingEnabled = false; return this; }

    public SessionStoreBuilder<TKey, TValue> WithLoggingEnabled() { LoggingEnabled = true; return this; }

    public SessionStoreBuilder<TKey, TValue> WithLoggingDisabled() { LoggingEnabled = false; return this; }

    public IStateStore Build() => BuildSessionStore();

    /// <summary>A new, unopened typed store.</summary>
    public ISessionStore<TKey, TValue> BuildSessionStore()
    {
        IKeyValueStore<byte[], byte[]> inner = _supplier.Get();
        if (LoggingEnabled) inner = new ChangeLoggingKeyValueStore(inner);
        if (CachingEnabled) inner = new CachingKeyValueStore(inner);
        inner = new MeteredKeyValueBytesStore(inner);
        return new SerdeSessionStore<TKey, TValue>(inner, KeySerde, ValueSerde);
    }
}
