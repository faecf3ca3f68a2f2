using Streaming.Streams.Internal;
using Streaming.Streams.Kstream;
using Streaming.Streams.Kstream.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams;

/// <summary>The DSL entry point: declare streams and tables, then <see cref="Build"/> an immutable <see cref="Topology"/>.</summary>
public sealed partial class StreamsBuilder
{
    public StreamsBuilder(StreamsConfig config) => Inner = new TopologyBuilder(config);

    public StreamsConfig Config => Inner.Config;

    internal TopologyBuilder Inner { get; }

    /// <summary>A stream of the records of <paramref name="topic"/>.</summary>
    public KStream<TKey, TValue> Stream<TKey, TValue>(string topic, Consumed<TKey, TValue>? consumed = null)
    {
        string name = consumed?.Name ?? Inner.NewName("KSTREAM-SOURCE-");
        Inner.AddSource(name, [topic], consumed?.KeySerde, consumed?.ValueSerde, consumed?.TimestampExtractor, consumed?.OffsetResetPolicy);
        return new KStream<TKey, TValue>(this, name, consumed?.KeySerde, consumed?.ValueSerde, repartitionRequired: false);
    }

    /// <summary>
    /// A table of the latest value per key of <paramref name="topic"/> (a null value deletes the key; a null key is skipped).
    /// Without <paramref name="materialized"/> it has no store until a downstream operation needs one (a grouping does).
    /// </summary>
    public KTable<TKey, TValue> Table<TKey, TValue>(string topic, Consumed<TKey, TValue>? consumed = null, Materialized<TKey, TValue>? materialized = null)
    {
        // As Kafka, the store's generated name is reserved first, whether or not the table is ever materialized.
        string generatedStore = Inner.NewName(topic + "-STATE-STORE-");
        string source = consumed?.Name ?? Inner.NewName("KSTREAM-SOURCE-");
        Inner.AddTableSource(source, topic, consumed?.KeySerde, consumed?.ValueSerde, consumed?.TimestampExtractor, consumed?.OffsetResetPolicy);
        string name = Inner.NewName("KTABLE-SOURCE-");
        string? store = materialized is null ? null : Materialize(materialized, topic + "-STATE-STORE-", consumed?.KeySerde, consumed?.ValueSerde, generatedStore);
        AddDslProcessor(name, TableSourceFactory<TKey, TValue>(store, sendOldValues: false), source);
        if (store is not null) Inner.ConnectStores([name], store);
        var node = new TableNode(store, (s, send) => ReplaceDslProcessor(name, TableSourceFactory<TKey, TValue>(s, send)), materialize: () =>
        {
            string forced = Materialize(Materialized<TKey, TValue>.With(null, null), topic + "-STATE-STORE-", consumed?.KeySerde, consumed?.ValueSerde, generatedStore);
            Inner.ConnectStores([name], forced);
            return forced;
        });
        return new KTable<TKey, TValue>(this, name, materialized?.KeySerde ?? consumed?.KeySerde, materialized?.ValueSerde ?? consumed?.ValueSerde, store, node);
    }

    /// <summary>Adds a store for processors connected with <c>Process</c>/<c>ProcessValues</c>.</summary>
    public StreamsBuilder AddStateStore(IStoreBuilder storeBuilder)
    {
        ArgumentNullException.ThrowIfNull(storeBuilder);
        Inner.AddStore(new StoreRegistration(storeBuilder.Name, () => storeBuilder));
        return this;
    }

    /// <summary>Validates the declarations and freezes them into a topology.</summary>
    public Topology Build() => Inner.Build();

    private static Func<IProcessor<TKey, Change<TValue>, TKey, Change<TValue>>> TableSourceFactory<TKey, TValue>(string? store, bool sendOldValues)
        => () => new TableProcessor<TKey, TValue, TValue>(static (_, v) => Change<TValue>.Of(v), store, sendOldValues, skipWhenEmpty: false, isSource: true);

    internal string ProcessorName(Named? named, string prefix) => named?.Name ?? Inner.NewName(prefix);

    internal void AddDslProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>(string name, Func<IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>> supplier,
        params string[] parents)
        => Inner.AddProcessorInternal<TKeyIn, TValueIn, TKeyOut, TValueOut>(name, () => new ProcessorNode<TKeyIn, TValueIn, TKeyOut, TValueOut>(name, supplier()), parents);

    internal void ReplaceDslProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>(string name, Func<IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>> supplier)
        => Inner.ReplaceFactory(name, () => new ProcessorNode<TKeyIn, TValueIn, TKeyOut, TValueOut>(name, supplier()));

    /// <summary>Registers the store of <paramref name="materialized"/> and returns its name; serdes fall back to the carried ones, then the defaults.</summary>
    internal string Materialize<TKey, TValue>(Materialized<TKey, TValue> materialized, string generatedPrefix, Serde<TKey>? keySerde, Serde<TValue>? valueSerde,
        string? reservedName = null)
    {
        string store = materialized.StoreName ?? reservedName ?? Inner.NewName(generatedPrefix);
        Serde<TKey>? k = Inner.Resolve(materialized.KeySerde ?? keySerde, $"key of store '{store}'");
        Serde<TValue>? v = Inner.Resolve(materialized.ValueSerde ?? valueSerde, $"value of store '{store}'");
        StoreType type = materialized.StoreType ?? Config.DefaultDslStore;
        Inner.AddStore(new StoreRegistration(store, () =>
        {
            var builder = Stores.TimestampedKeyValueStoreBuilder(type == StoreType.InMemory ? Stores.InMemoryKeyValueStore(store) : Stores.PersistentKeyValueStore(store), k!, v!);
            if (materialized.CachingEnabled) builder.WithCachingEnabled();
            if (!materialized.LoggingEnabled) builder.WithLoggingDisabled();
            return builder;
        }));
        return store;
    }
}
