using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>Builds serde(metered(caching(change-logging(bytes store)))) key-value stores.</summary>
public sealed class KeyValueStoreBuilder<TKey, TValue> : StoreBuilder<KeyValueStoreBuilder<TKey, TValue>, TKey, TValue>
{
    private readonly IKeyValueBytesStoreSupplier _supplier;

    internal KeyValueStoreBuilder(IKeyValueBytesStoreSupplier supplier, Serde<TKey> keySerde, Serde<TValue> valueSerde)
        : base((supplier ?? throw new ArgumentNullException(nameof(supplier))).Name, keySerde, valueSerde)
    {
        _supplier = supplier;
    }

    public override IStateStore Build() => BuildKeyValueStore();

    /// <summary>A new, unopened typed store.</summary>
    public IKeyValueStore<TKey, TValue> BuildKeyValueStore() => new SerdeKeyValueStore<TKey, TValue>(Layers(_supplier.Get(), timestamped: false), KeySerde, ValueSerde);
}
