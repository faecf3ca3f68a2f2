using Streaming.Streams.Internal;
using Streaming.Streams.Kstream;
using Streaming.Streams.Kstream.Internal;
using Streaming.Streams.State;
using Streaming.Streams.State.Internal;

namespace Streaming.Streams;

/// <summary>Global tables.</summary>
public sealed partial class StreamsBuilder
{
    /// <summary>
    /// A table of the latest value per key of every partition of <paramref name="topic"/>, replicated on every instance
    /// (Kafka's <c>GlobalKTable</c>). Its store is always materialized (name from <paramref name="materialized"/> or
    /// <c>&lt;topic&gt;-STATE-STORE-&lt;n&gt;</c>) and has no changelog: the topic is restored from the beginning on start.
    /// Caching is off (stream threads read the store while it is updated).
    /// </summary>
    public GlobalKTable<TKey, TValue> GlobalTable<TKey, TValue>(string topic, Consumed<TKey, TValue>? consumed = null, Materialized<TKey, TValue>? materialized = null)
    {
        InternalNames.ValidateTopic(topic);
        string store = materialized?.StoreName ?? Inner.NewName(topic + "-STATE-STORE-");
        string source = consumed?.Name ?? Inner.NewName("KSTREAM-SOURCE-");
        string name = Inner.NewName("KTABLE-SOURCE-");
        Serde<TKey>? k = Inner.Resolve(materialized?.KeySerde ?? consumed?.KeySerde, $"key of global store '{store}'");
        Serde<TValue>? v = Inner.Resolve(materialized?.ValueSerde ?? consumed?.ValueSerde, $"value of global store '{store}'");
        StoreType type = materialized?.StoreType ?? Config.DefaultDslStore;
        Inner.AddStore(new StoreRegistration(store, () => new GlobalStoreBuilder<TKey, TValue>(
            Stores.TimestampedKeyValueStoreBuilder(type == StoreType.InMemory ? Stores.InMemoryKeyValueStore(store) : Stores.PersistentKeyValueStore(store), k!, v!))));
        Inner.AddTableSource(source, topic, consumed?.KeySerde, consumed?.ValueSerde, consumed?.TimestampExtractor, offsetReset: null, global: true);
        Inner.AddProcessorInternal<TKey, Change<TValue>, TKey, Change<TValue>>(name, () => new ProcessorNode<TKey, Change<TValue>, TKey, Change<TValue>>(name,
            new TableProcessor<TKey, TValue, TValue>(static (_, value) => Change<TValue>.Of(value), store, sendOldValues: false, skipWhenEmpty: false, isSource: true)), [source], global: true);
        Inner.ConnectStores([name], store);
        return new GlobalKTable<TKey, TValue>(store);
    }
}
