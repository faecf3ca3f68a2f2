using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>Builds serde(caching(change-logging(window bytes store))) window stores; the changelog key is Kafka's [key][start][sequence].</summary>
public sealed class WindowStoreBuilder<TKey, TValue> : IStoreBuilder, IWindowedStoreBuilder
{
    private readonly WindowBytesStoreSupplier _supplier;

    internal WindowStoreBuilder(WindowBytesStoreSupplier supplier, Serde<TKey> keySerde, Serde<TValue> valueSerde)
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

    /// <summary>Buffers writes in the task's record cache (not allowed when the store retains duplicates).</summary>
    public WindowStoreBuilder<TKey, TValue> WithCachingEnabled()
    {
        if (_supplier.RetainDuplicates) throw new InvalidOperationException($"store '{Name}' retains duplicates and cannot be cached");
        CachingEnabled = true;
        return this;
    }

    public WindowStoreBuilder<TKey, TValue> WithCachingDisabled() { CachingEnabled = false; return this; }

    public WindowStoreBuilder<TKey, TValue> WithLoggingEnabled() { LoggingEnabled = true; return this; }

    public WindowStoreBuilder<TKey, TValue> WithLoggingDisabled() { LoggingEnabled = false; return this; }

    public IStateStore Build() => BuildWindowStore();

    /// <summary>A new, unopened typed store.</summary>
    public IWindowStore<TKey, TValue> BuildWindowStore()
    {
        RetentionBytesStore retention = _supplier.Get();
        IKeyValueStore<byte[], byte[]> inner = retention;
        if (LoggingEnabled) inner = new ChangeLoggingKeyValueStore(inner);
        if (CachingEnabled) inner = new CachingKeyValueStore(inner);
        inner = new MeteredKeyValueBytesStore(inner);
        return new SerdeWindowStore<TKey, TValue>(inner, retention, KeySerde, ValueSerde, _supplier.WindowSizeMs, _supplier.RetainDuplicates);
    }
}
