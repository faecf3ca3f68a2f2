using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>
/// Builds window stores whose values carry their timestamp (<see cref="ITimestampedWindowStore{TKey, TValue}"/>); the DSL's
/// windowed aggregations use them. As Kafka's, the changelog record carries the value alone, stamped with that timestamp.
/// </summary>
public sealed class TimestampedWindowStoreBuilder<TKey, TValue> : StoreBuilder<TimestampedWindowStoreBuilder<TKey, TValue>, TKey, TValue>, IWindowedStoreBuilder
{
    private readonly WindowBytesStoreSupplier _supplier;

    internal TimestampedWindowStoreBuilder(WindowBytesStoreSupplier supplier, Serde<TKey> keySerde, Serde<TValue> valueSerde)
        : base((supplier ?? throw new ArgumentNullException(nameof(supplier))).Name, keySerde, valueSerde)
    {
        if (supplier.RetainDuplicates) throw new ArgumentException($"store '{supplier.Name}': a timestamped window store cannot retain duplicates", nameof(supplier));
        _supplier = supplier;
    }

    public long RetentionPeriodMs => _supplier.RetentionPeriodMs;

    public override IStateStore Build() => BuildTimestampedWindowStore();

    /// <summary>A new, unopened typed store.</summary>
    public ITimestampedWindowStore<TKey, TValue> BuildTimestampedWindowStore()
    {
        RetentionBytesStore retention = _supplier.Get();
        return new TimestampedSerdeWindowStore<TKey, TValue>(Layers(retention, timestamped: true), retention, KeySerde, ValueSerde, _supplier.WindowSizeMs);
    }
}
