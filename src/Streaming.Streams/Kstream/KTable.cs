using Streaming.Streams.Internal;
using Streaming.Streams.Kstream.Internal;
using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream;

/// <summary>A changelog stream of the DSL: each record is the latest value of its key (or its deletion).</summary>
public sealed partial class KTable<TKey, TValue>
{
    private readonly StreamsBuilder _builder;

    internal KTable(StreamsBuilder builder, string nodeName, Serde<TKey>? keySerde, Serde<TValue>? valueSerde, string? storeName, TableNode node)
    {
        _builder = builder;
        NodeName = nodeName;
        KeySerde = keySerde;
        ValueSerde = valueSerde;
        QueryableStoreName = storeName;
        Node = node;
    }

    /// <summary>The store holding this table, or null when it is not materialized.</summary>
    public string? QueryableStoreName { get; }

    internal string NodeName { get; }

    internal Serde<TKey>? KeySerde { get; }

    internal Serde<TValue>? ValueSerde { get; }

    internal TableNode Node { get; }

    /// <summary>Keeps the keys whose value satisfies <paramref name="predicate"/>; an update that fails it deletes the key downstream.</summary>
    public KTable<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Named? named = null, Materialized<TKey, TValue>? materialized = null)
        => Filter(predicate, negate: false, named, materialized);

    /// <summary>Drops the keys whose value satisfies <paramref name="predicate"/> (as deletions downstream).</summary>
    public KTable<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Named? named = null, Materialized<TKey, TValue>? materialized = null)
        => Filter(predicate, negate: true, named, materialized);

    /// <summary>Maps each value; deletions stay deletions, and a value mapped to null deletes the key.</summary>
    public KTable<TKey, TValueOut> MapValues<TValueOut>(Func<TValue, TValueOut> mapper, Named? named = null, Materialized<TKey, TValueOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return MapValues((_, v) => mapper(v), named, materialized);
    }

    /// <summary>Maps each value, computed from key and value; deletions stay deletions, and a value mapped to null deletes the key.</summary>
    public KTable<TKey, TValueOut> MapValues<TValueOut>(Func<TKey, TValue, TValueOut> mapper, Named? named = null, Materialized<TKey, TValueOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return Add(named, "KTABLE-MAPVALUES-", materialized, null, (k, v) => Change<TValueOut>.Of(mapper(k, v)), skipWhenEmpty: false);
    }

    /// <summary>The table's updates as a stream; a deletion becomes a record whose value is <c>default</c> (null for reference and nullable types).</summary>
    public KStream<TKey, TValue> ToStream(Named? named = null)
    {
        string name = _builder.ProcessorName(named, "KTABLE-TOSTREAM-");
        _builder.AddDslProcessor<TKey, Change<TValue>, TKey, TValue>(name, static () => new TableToStreamProcessor<TKey, TValue>(), NodeName);
        return new KStream<TKey, TValue>(_builder, name, KeySerde, ValueSerde, repartitionRequired: false);
    }

    /// <summary>
    /// Re-keys the table with <paramref name="selector"/> for an aggregation: each update goes through the repartition topic
    /// <c>&lt;application.id&gt;-&lt;name&gt;-repartition</c> as the removal of its old (key, value) and the addition of its new one,
    /// so that the aggregate's subtractor and adder keep it exact when values change or move between keys. The table
    /// forwards old values from then on (a source table without a store gets one).
    /// </summary>
    public KGroupedTable<TKeyOut, TValueOut> GroupBy<TKeyOut, TValueOut>(Func<TKey, TValue, (TKeyOut Key, TValueOut Value)> selector,
        Grouped<TKeyOut, TValueOut>? grouped = null)
    {
        ArgumentNullException.ThrowIfNull(selector);
        string name = grouped?.Name ?? _builder.Inner.NewName("KTABLE-SELECT-");
        Node.EnableSendingOldValues(forceMaterialization: true);
        _builder.AddDslProcessor<TKey, Change<TValue>, TKeyOut, Change<TValueOut>>(name,
            () => new TableRepartitionMapProcessor<TKey, TValue, TKeyOut, TValueOut>(selector), NodeName);
        return new KGroupedTable<TKeyOut, TValueOut>(_builder, name, grouped?.Name, grouped?.KeySerde, grouped?.ValueSerde);
    }

    private KTable<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, bool negate, Named? named, Materialized<TKey, TValue>? materialized)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Add(named, "KTABLE-FILTER-", materialized, ValueSerde,
            (k, v) => predicate(k, v) != negate ? Change<TValue>.Of(v) : Change<TValue>.Deletion, skipWhenEmpty: true);
    }

    private KTable<TKey, TValueOut> Add<TValueOut>(Named? named, string prefix, Materialized<TKey, TValueOut>? materialized, Serde<TValueOut>? valueSerde,
        Func<TKey, TValue, Change<TValueOut>> map, bool skipWhenEmpty)
    {
        string name = _builder.ProcessorName(named, prefix);
        string? store = materialized is null ? null : _builder.Materialize(materialized, prefix + "STATE-STORE-", KeySerde, valueSerde);
        Func<IProcessor<TKey, Change<TValue>, TKey, Change<TValueOut>>> Factory(string? s, bool send)
            => () => new TableProcessor<TKey, TValue, TValueOut>(map, s, send, skipWhenEmpty, isSource: false);
        _builder.AddDslProcessor(name, Factory(store, false), NodeName);
        if (store is not null) _builder.Inner.ConnectStores([name], store);
        var node = new TableNode(store, (s, send) => _builder.ReplaceDslProcessor(name, Factory(s, send)), parentEnable: Node.EnableSendingOldValues);
        return new KTable<TKey, TValueOut>(_builder, name, materialized?.KeySerde ?? KeySerde, materialized?.ValueSerde ?? valueSerde, store, node);
    }
}
