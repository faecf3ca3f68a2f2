using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>
/// Builds serde(metered(caching(change-logging(bytes store)))) key-value stores whose values carry their timestamp
/// (<see cref="ITimestampedKeyValueStore{TKey, TValue}"/>); the DSL materializes its tables with these.
/// </summary>
public sealed class TimestampedKeyValueStoreBuilder<TKey, TValue> : StoreBuilder<TimestampedKeyValueStoreBuilder<TKey, TValue>, TKey, TValue>
{
    private readonly IKeyValueBytesStoreSupplier _supplier;

    internal TimestampedKeyValueStoreBuilder(IKeyValueBytesStoreSupplier supplier, Serde<TKey> keySerde, Serde<TValue> valueSerde)
        : base((supplier ?? throw new ArgumentNullException(nameof(supplier))).Name, keySerde, valueSerde)
    {
        _supplier = supplier;
    }

    public override IStateStore Build() => BuildTimestampedKeyValueStore();

    /// <summary>A new, unopened typed store.</summary>
    public ITimestampedKeyValueStore<TKey, TValue> BuildTimestampedKeyValueStore()
        => new TimestampedSerdeKeyValueStore<TKey, TValue>(Layers(_supplier.Get(), timestamped: true), KeySerde, ValueSerde);
}
