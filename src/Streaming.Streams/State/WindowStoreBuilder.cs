using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>Builds serde(metered(caching(change-logging(window bytes store)))) window stores; the changelog key is Kafka's [key][start][sequence].</summary>
public sealed class WindowStoreBuilder<TKey, TValue> : StoreBuilder<WindowStoreBuilder<TKey, TValue>, TKey, TValue>, IWindowedStoreBuilder
{
    private readonly WindowBytesStoreSupplier _supplier;

    internal WindowStoreBuilder(WindowBytesStoreSupplier supplier, Serde<TKey> keySerde, Serde<TValue> valueSerde)
        : base((supplier ?? throw new ArgumentNullException(nameof(supplier))).Name, keySerde, valueSerde)
    {
        _supplier = supplier;
    }

    public long RetentionPeriodMs => _supplier.RetentionPeriodMs;

    public override IStateStore Build() => BuildWindowStore();

    /// <summary>A new, unopened typed store.</summary>
    public IWindowStore<TKey, TValue> BuildWindowStore()
    {
        RetentionBytesStore retention = _supplier.Get();
        return new SerdeWindowStore<TKey, TValue>(Layers(retention, timestamped: false), retention, KeySerde, ValueSerde, _supplier.WindowSizeMs, _supplier.RetainDuplicates);
    }

    /// <summary>A store that retains duplicates (a join buffer) cannot be cached: the cache keeps one value per key.</summary>
    private protected override void CheckCachingAllowed()
    {
        if (_supplier.RetainDuplicates) throw new InvalidOperationException($"store '{Name}' retains duplicates and cannot be cached");
    }
}
