using Streaming.Streams.Internal;
using Streaming.Streams.Kstream.Internal;

namespace Streaming.Streams.Kstream;

/// <summary>A changelog stream of the DSL: each record is the latest value of its key (or its deletion).</summary>
public sealed class KTable<TKey, TValue>
{
    private readonly StreamsBuilder _builder;

    internal KTable(StreamsBuilder builder, string nodeName, Serde<TKey>? keySerde, Serde<TValue>? valueSerde, string? storeName)
    {
        _builder = builder;
        NodeName = nodeName;
        KeySerde = keySerde;
        ValueSerde = valueSerde;
        QueryableStoreName = storeName;
    }

    /// <summary>The store holding this table, or null when it is not materialized.</summary>
    public string? QueryableStoreName { get; }

    internal string NodeName { get; }

    internal Serde<TKey>? KeySerde { get; }

    internal Serde<TValue>? ValueSerde { get; }

    /// <summary>Keeps the keys whose value satisfies <paramref name="predicate"/>; an update that fails it deletes the key downstream.</summary>
    public KTable<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Named? named = null, Materialized<TKey, TValue>? materialized = null)
        => Filter(predicate, negate: false, named, materialized);

    /// <summary>Drops the keys whose value satisfies <paramref name="predicate"/> (as deletions downstream).</summary>
    public KTable<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Named? named = null, Materialized<TKey, TValue>? materialized = null)
        => Filter(predicate, negate: true, named, materialized);

    /// <summary>Maps each value; deletions stay deletions.</summary>
    public KTable<TKey, TValueOut> MapValues<TValueOut>(Func<TValue, TValueOut> mapper, Named? named = null, Materialized<TKey, TValueOut>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return Add(named, "KTABLE-MAPVALUES-", materialized, null, (_, v) => new Change<TValueOut>(mapper(v), false));
    }

    /// <summary>The table's updates as a stream; a deletion becomes a record whose value is <c>default</c> (null for reference and nullable types).</summary>
    public KStream<TKey, TValue> ToStream(Named? named = null)
    {
        string name = _builder.ProcessorName(named, "KTABLE-TOSTREAM-");
        _builder.AddDslProcessor<TKey, Change<TValue>, TKey, TValue>(name, static () => new TableToStreamProcessor<TKey, TValue>(), NodeName);
        return new KStream<TKey, TValue>(_builder, name, KeySerde, ValueSerde, repartitionRequired: false);
    }

    private KTable<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, bool negate, Named? named, Materialized<TKey, TValue>? materialized)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Add(named, "KTABLE-FILTER-", materialized, ValueSerde,
            (k, v) => predicate(k, v) != negate ? new Change<TValue>(v, false) : Change<TValue>.Deletion);
    }

    private KTable<TKey, TValueOut> Add<TValueOut>(Named? named, string prefix, Materialized<TKey, TValueOut>? materialized, Serde<TValueOut>? valueSerde,
        Func<TKey, TValue, Change<TValueOut>> map)
    {
        string name = _builder.ProcessorName(named, prefix);
        string? store = materialized is null ? null : _builder.Materialize(materialized, prefix + "STATE-STORE-", KeySerde, valueSerde);
        _builder.AddDslProcessor<TKey, Change<TValue>, TKey, Change<TValueOut>>(name, () => new TableProcessor<TKey, TValue, TValueOut>(map, store), NodeName);
        if (store is not null) _builder.Inner.ConnectStores([name], store);
        return new KTable<TKey, TValueOut>(_builder, name, materialized?.KeySerde ?? KeySerde, materialized?.ValueSerde ?? valueSerde, store);
    }
}
