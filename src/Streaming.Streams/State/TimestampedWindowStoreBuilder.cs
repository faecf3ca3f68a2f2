using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>
/// Builds window stores whose values carry their timestamp (<see cref="ITimestampedWindowStore{TKey, TValue}"/>); the DSL's
/// windowed aggregations use them. As Kafka's, the changelog record carries the value alone, stamped with that timestamp.
/// </summary>
public sealed class TimestampedWindowStoreBuilder<TKey, TValue> : IStoreBuilder, IWindowedStoreBuilder
{
    private readonly WindowBytesStoreSupplier _supplier;

    internal TimestampedWindowStoreBuilder(WindowBytesStoreSupplier supplier, Serde<TKey> keySerde, Serde<TValue> valueSerde)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        ArgumentNullException.ThrowIfNull(keySerde);
        ArgumentNullException.ThrowIfNull(valueSerde);
        if (supplier.RetainDuplicates) throw new ArgumentException($"store '{supplier.Name}': a timestamped window store cannot retain duplicates", nameof(supplier));
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

    public TimestampedWindowStoreBuilder<TKey, TValue> WithCachingEnabled() { CachingEnabled = true; return this; }

    public TimestampedWindowStoreBuilder<TKey, TValue> WithCachingDisabled() { CachingEnabled = false; return this; }

    public TimestampedWindowStoreBuilder<TKey, TValue> WithLoggingEnabled() { LoggingEnabled = true; return this; }

    public TimestampedWindowStoreBuilder<TKey, TValue> WithLoggingDisabled() { LoggingEnabled = false; return this; }

    public IStateStore Build() => BuildTimestampedWindowStore();

    /// <summary>A new, unopened typed store.</summary>
    public ITimestampedWindowStore<TKey, TValue> BuildTimestampedWindowStore()
    {
        RetentionBytesStore retention = _supplier.Get();
        IKeyValueStore<byte[], byte[]> inner = retention;
        if (LoggingEnabled) inner = new ChangeLoggingTimestampedKeyValueStore(inner);
        if (CachingEnabled) inner = new CachingKeyValueStore(inner);
        inner = new MeteredKeyValueBytesStore(inner);
        return new TimestampedSerdeWindowStore<TKey, TValue>(inner, retention, KeySerde, ValueSerde, _supplier.WindowSizeMs);
    }
}
