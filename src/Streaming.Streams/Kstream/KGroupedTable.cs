using Streaming.Streams.Internal;
using Streaming.Streams.Kstream.Internal;

namespace Streaming.Streams.Kstream;

/// <summary>
/// A re-keyed table, ready for count, reduce or aggregate into a <see cref="KTable{TKey, TValue}"/>. Unlike a grouped stream,
/// an update replaces the key's previous value, so each aggregation takes a subtractor that removes the previous value from
/// the aggregate it was added to (as Kafka's <c>KGroupedTable</c>).
/// </summary>
public sealed class KGroupedTable<TKey, TValue>
{
    private readonly StreamsBuilder _builder;
    private readonly string _selectNode;
    private readonly string? _groupName;
    private readonly Serde<TKey>? _keySerde;
    private readonly Serde<TValue>? _valueSerde;

    internal KGroupedTable(StreamsBuilder builder, string selectNode, string? groupName, Serde<TKey>? keySerde, Serde<TValue>? valueSerde)
    {
        _builder = builder;
        _selectNode = selectNode;
        _groupName = groupName;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
    }

    /// <summary>The number of rows per key: +1 for a value added to the key, -1 for one removed (a count may go back to 0; it is kept).</summary>
    public KTable<TKey, long> Count(Named? named = null, Materialized<TKey, long>? materialized = null)
        => Aggregate("KTABLE-AGGREGATE-", named, materialized, Serdes.Int64, static (_, _) => 1L, static (_, _, count) => count + 1, static (_, _, count) => count - 1);

    /// <summary>
    /// Combines the values per key: <paramref name="adder"/>(aggregate, value) for a value added to the key (the first value is
    /// the first aggregate), <paramref name="subtractor"/>(aggregate, value) for a value removed from it. A null result deletes the key.
    /// </summary>
    public KTable<TKey, TValue> Reduce(Func<TValue, TValue, TValue> adder, Func<TValue, TValue, TValue> subtractor, Named? named = null,
        Materialized<TKey, TValue>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(adder);
        ArgumentNullException.ThrowIfNull(subtractor);
        return Aggregate("KTABLE-REDUCE-", named, materialized, _valueSerde, static (_, v) => v, (_, v, agg) => adder(agg, v), (_, v, agg) => subtractor(agg, v));
    }

    /// <summary>
    /// Folds the values per key, starting from <paramref name="initializer"/>(): <paramref name="adder"/>(key, value, aggregate)
    /// for a value added to the key, <paramref name="subtractor"/>(key, value, aggregate) for a value removed from it. A null result deletes the key.
    /// </summary>
    public KTable<TKey, TAgg> Aggregate<TAgg>(Func<TAgg> initializer, Func<TKey, TValue, TAgg, TAgg> adder, Func<TKey, TValue, TAgg, TAgg> subtractor,
        Named? named = null, Materialized<TKey, TAgg>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        ArgumentNullException.ThrowIfNull(adder);
        ArgumentNullException.ThrowIfNull(subtractor);
        return Aggregate("KTABLE-AGGREGATE-", named, materialized, null, (k, v) => adder(k, v, initializer()), adder, subtractor);
    }

    private KTable<TKey, TAgg> Aggregate<TAgg>(string prefix, Named? named, Materialized<TKey, TAgg>? materialized, Serde<TAgg>? aggSerde,
        Func<TKey, TValue, TAgg> first, Func<TKey, TValue, TAgg, TAgg> add, Func<TKey, TValue, TAgg, TAgg> remove)
    {
        materialized ??= Materialized<TKey, TAgg>.With(null, null);
        string store = _builder.Materialize(materialized, prefix + "STATE-STORE-", _keySerde, aggSerde);
        string baseName = _groupName ?? store;
        Serde<TValue>? valueSerde = _builder.Inner.Resolve(_valueSerde, $"value of repartition topic '{InternalNames.Repartition(_builder.Config.ApplicationId, baseName)}'");
        string source = Repartitioning.Add(_builder, _selectNode, baseName, _keySerde, valueSerde is null ? null : ChangeSerde.Create(valueSerde),
            owner: _groupName is null ? $"the table grouping '{_selectNode}'" : $"table grouping '{_groupName}'", dropNullKeys: false);
        string name = _builder.ProcessorName(named, prefix);
        _builder.AddDslProcessor(name, () => new TableAggregateProcessor<TKey, TValue, TAgg>(store, first, add, remove, sendOldValues: false), source);
        _builder.Inner.ConnectStores([name], store);
        var node = new TableNode(store, (_, send) => _builder.ReplaceDslProcessor(name,
            () => new TableAggregateProcessor<TKey, TValue, TAgg>(store, first, add, remove, send)));
        return new KTable<TKey, TAgg>(_builder, name, materialized.KeySerde ?? _keySerde, materialized.ValueSerde ?? aggSerde, store, node);
    }
}
