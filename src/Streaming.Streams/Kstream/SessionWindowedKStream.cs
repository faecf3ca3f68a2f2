using Streaming.Streams.Internal;
using Streaming.Streams.Kstream.Internal;
using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream;

/// <summary>
/// A grouped stream windowed by <see cref="SessionWindows"/>, ready for count, reduce or aggregate into a table keyed by
/// session-<see cref="Windowed{TKey}"/>. When a record merges sessions, their aggregates are combined (the session merger for
/// <c>Aggregate</c>), the old sessions are deleted (tombstones downstream) and the merged one is written.
/// </summary>
public sealed class SessionWindowedKStream<TKey, TValue>
{
    private readonly KGroupedStream<TKey, TValue> _grouped;
    private readonly SessionWindows _windows;

    internal SessionWindowedKStream(KGroupedStream<TKey, TValue> grouped, SessionWindows windows)
    {
        _grouped = grouped;
        _windows = windows;
    }

    /// <summary>The number of records per key and session.</summary>
    public KTable<Windowed<TKey>, long> Count(Named? named = null, Materialized<TKey, long>? materialized = null)
        => Aggregate("KSTREAM-AGGREGATE-", named, materialized, Serdes.Int64, static (_, _) => 1L, static (_, _, count) => count + 1,
            static (_, has, agg, other) => (has ? agg : 0) + other);

    /// <summary>Combines the values per key and session with <paramref name="reducer"/>(aggregate, value); merged sessions are combined with it too.</summary>
    public KTable<Windowed<TKey>, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Named? named = null, Materialized<TKey, TValue>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        return Aggregate("KSTREAM-REDUCE-", named, materialized, _grouped.ValueSerde, static (_, v) => v, (_, v, agg) => reducer(agg, v),
            (_, has, agg, other) => has ? reducer(agg, other) : other);
    }

    /// <summary>
    /// Folds the values per key and session with <paramref name="aggregator"/>(key, value, aggregate) from <paramref name="initializer"/>();
    /// when sessions merge, <paramref name="sessionMerger"/>(key, aggregate, other session's aggregate) combines them (starting from the initializer).
    /// </summary>
    public KTable<Windowed<TKey>, TAgg> Aggregate<TAgg>(Func<TAgg> initializer, Func<TKey, TValue, TAgg, TAgg> aggregator, Func<TKey, TAgg, TAgg, TAgg> sessionMerger,
        Named? named = null, Materialized<TKey, TAgg>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        ArgumentNullException.ThrowIfNull(aggregator);
        ArgumentNullException.ThrowIfNull(sessionMerger);
        return Aggregate("KSTREAM-AGGREGATE-", named, materialized, null, (k, v) => aggregator(k, v, initializer()), aggregator,
            (k, has, agg, other) => sessionMerger(k, has ? agg : initializer(), other));
    }

    private KTable<Windowed<TKey>, TAgg> Aggregate<TAgg>(string prefix, Named? named, Materialized<TKey, TAgg>? materialized, Serde<TAgg>? aggSerde,
        Func<TKey, TValue, TAgg> first, Func<TKey, TValue, TAgg, TAgg> next, Func<TKey, bool, TAgg, TAgg, TAgg> merge)
    {
        StreamsBuilder builder = _grouped.Builder;
        materialized ??= Materialized<TKey, TAgg>.With(null, null);
        string store = builder.MaterializeSessionStore(materialized, prefix + "STATE-STORE-", _grouped.KeySerde, aggSerde,
            _windows.InactivityGapMs + _windows.GracePeriodMs);
        string parent = _grouped.AggregationParent(store);
        string name = builder.ProcessorName(named, prefix);
        SessionWindows windows = _windows;
        Func<IProcessor<TKey, TValue, Windowed<TKey>, Change<TAgg>>> Factory(bool send)
            => () => new SessionWindowAggregateProcessor<TKey, TValue, TAgg>(name, store, windows, first, next, merge, send);
        builder.AddDslProcessor(name, Factory(false), parent);
        builder.Inner.ConnectStores([name], store);
        var node = new TableNode(store, (_, send) => builder.ReplaceDslProcessor(name, Factory(send)));
        Serde<TKey>? keySerde = materialized.KeySerde ?? _grouped.KeySerde;
        if (keySerde is null) Serdes.TryGetDefault(out keySerde);
        Serde<Windowed<TKey>>? windowedSerde = keySerde is null ? null : WindowedSerdes.SessionWindowedSerde(keySerde);
        return new KTable<Windowed<TKey>, TAgg>(builder, name, windowedSerde, materialized.ValueSerde ?? aggSerde, store, node) { WindowGraceMs = windows.InactivityGapMs + windows.GracePeriodMs }; // a session can still grow until its end + gap (Kafka's GraphGraceSearchUtil)
    }
}
