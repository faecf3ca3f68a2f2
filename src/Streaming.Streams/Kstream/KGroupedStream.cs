using Streaming.Streams.Internal;
using Streaming.Streams.Kstream.Internal;

namespace Streaming.Streams.Kstream;

/// <summary>A stream grouped by key, ready for count, reduce or aggregate into a <see cref="KTable{TKey, TValue}"/>.</summary>
public sealed partial class KGroupedStream<TKey, TValue>
{
    private readonly StreamsBuilder _builder;
    private readonly KStream<TKey, TValue> _stream;
    private readonly string? _groupName;
    private readonly Serde<TKey>? _keySerde;
    private readonly Serde<TValue>? _valueSerde;

    internal KGroupedStream(StreamsBuilder builder, KStream<TKey, TValue> stream, string? groupName, Serde<TKey>? keySerde, Serde<TValue>? valueSerde)
    {
        _builder = builder;
        _stream = stream;
        _groupName = groupName;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
    }

    /// <summary>The number of records per key.</summary>
    public KTable<TKey, long> Count(Named? named = null, Materialized<TKey, long>? materialized = null)
        => Aggregate("KSTREAM-AGGREGATE-", named, materialized, Serdes.Int64, static (_, _) => 1L, static (_, _, count) => count + 1);

    /// <summary>Combines the values per key with <paramref name="reducer"/>(aggregate, value); the first value is the first aggregate.</summary>
    public KTable<TKey, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Named? named = null, Materialized<TKey, TValue>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        return Aggregate("KSTREAM-REDUCE-", named, materialized, _valueSerde, static (_, v) => v, (_, v, agg) => reducer(agg, v));
    }

    /// <summary>Folds the values per key with <paramref name="aggregator"/>(key, value, aggregate), starting from <paramref name="initializer"/>().</summary>
    public KTable<TKey, TAgg> Aggregate<TAgg>(Func<TAgg> initializer, Func<TKey, TValue, TAgg, TAgg> aggregator, Named? named = null,
        Materialized<TKey, TAgg>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        ArgumentNullException.ThrowIfNull(aggregator);
        return Aggregate("KSTREAM-AGGREGATE-", named, materialized, null, (k, v) => aggregator(k, v, initializer()), aggregator);
    }

    private KTable<TKey, TAgg> Aggregate<TAgg>(string prefix, Named? named, Materialized<TKey, TAgg>? materialized, Serde<TAgg>? aggSerde,
        Func<TKey, TValue, TAgg> first, Func<TKey, TValue, TAgg, TAgg> next)
    {
        materialized ??= Materialized<TKey, TAgg>.With(null, null);
        string store = _builder.Materialize(materialized, prefix + "STATE-STORE-", _keySerde, aggSerde);
        string parent = _stream.RepartitionRequired
            ? Repartitioning.Add(_builder, _stream.NodeName, _groupName ?? store, _keySerde, _valueSerde,
                _groupName is null ? $"the grouping after '{_stream.NodeName}'" : $"grouping '{_groupName}' after '{_stream.NodeName}'", dropNullKeys: true)
            : _stream.NodeName;
        string name = _builder.ProcessorName(named, prefix);
        _builder.AddDslProcessor(name, () => new AggregateProcessor<TKey, TValue, TAgg>(store, first, next, sendOldValues: false), parent);
        _builder.Inner.ConnectStores([name], store);
        var node = new TableNode(store, (_, send) => _builder.ReplaceDslProcessor(name, () => new AggregateProcessor<TKey, TValue, TAgg>(store, first, next, send)));
        return new KTable<TKey, TAgg>(_builder, name, materialized.KeySerde ?? _keySerde, materialized.ValueSerde ?? aggSerde, store, node);
    }
}
