using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>Builds serde(metered(caching(change-logging(session bytes store)))) session stores; the changelog key is Kafka's [key][end][start].</summary>
public sealed class SessionStoreBuilder<TKey, TValue> : StoreBuilder<SessionStoreBuilder<TKey, TValue>, TKey, TValue>, IWindowedStoreBuilder
{
    private readonly SessionBytesStoreSupplier _supplier;

    internal SessionStoreBuilder(SessionBytesStoreSupplier supplier, Serde<TKey> keySerde, Serde<TValue> valueSerde)
        : base((supplier ?? throw new ArgumentNullException(nameof(supplier))).Name, keySerde, valueSerde)
    {
        _supplier = supplier;
    }

    public long RetentionPeriodMs => _supplier.RetentionPeriodMs;

    public override IStateStore Build() => BuildSessionStore();

    /// <summary>A new, unopened typed store.</summary>
    public ISessionStore<TKey, TValue> BuildSessionStore() => new SerdeSessionStore<TKey, TValue>(Layers(_supplier.Get(), timestamped: false), KeySerde, ValueSerde);
}
