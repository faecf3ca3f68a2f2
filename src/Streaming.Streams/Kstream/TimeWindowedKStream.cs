using Streaming.Streams.Internal;
using Streaming.Streams.Kstream.Internal;
using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream;

/// <summary>
/// A grouped stream windowed by <see cref="TimeWindows"/> or <see cref="SlidingWindows"/>, ready for count, reduce or aggregate
/// into a table keyed by <see cref="Windowed{TKey}"/>. Results live in a timestamped window store (RocksDB or in-memory, cached
/// and logged as <see cref="Materialized{TKey, TValue}"/> says) kept for window size plus grace unless a longer retention is set.
/// </summary>
public sealed class TimeWindowedKStream<TKey, TValue>
{
    private readonly KGroupedStream<TKey, TValue> _grouped;
    private readonly TimeWindows? _timeWindows;
    private readonly SlidingWindows? _slidingWindows;

    internal TimeWindowedKStream(KGroupedStream<TKey, TValue> grouped, TimeWindows? timeWindows, SlidingWindows? slidingWindows)
    {
        _grouped = grouped;
        _timeWindows = timeWindows;
        _slidingWindows = slidingWindows;
    }

    /// <summary>The number of records per key and window.</summary>
    public KTable<Windowed<TKey>, long> Count(Named? named = null, Materialized<TKey, long>? materialized = null)
        => Aggregate("KSTREAM-AGGREGATE-", named, materialized, Serdes.Int64, static (_, _) => 1L, static (_, _, count) => count + 1);

    /// <summary>Combines the values per key and window with <paramref name="reducer"/>(aggregate, value); a window's first value is its first aggregate.</summary>
    public KTable<Windowed<TKey>, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Named? named = null, Materialized<TKey, TValue>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        return Aggregate("KSTREAM-REDUCE-", named, materialized, _grouped.ValueSerde, static (_, v) => v, (_, v, agg) => reducer(agg, v));
    }

    /// <summary>Folds the values per key and window with <paramref name="aggregator"/>(key, value, aggregate), starting each window from <paramref name="initializer"/>().</summary>
    public KTable<Windowed<TKey>, TAgg> Aggregate<TAgg>(Func<TAgg> initializer, Func<TKey, TValue, TAgg, TAgg> aggregator, Named? named = null,
        Materialized<TKey, TAgg>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        ArgumentNullException.ThrowIfNull(aggregator);
        return Aggregate("KSTREAM-AGGREGATE-", named, materialized, null, (k, v) => aggregator(k, v, initializer()), aggregator);
    }

    private KTable<Windowed<TKey>, TAgg> Aggregate<TAgg>(string prefix, Named? named, Materialized<TKey, TAgg>? materialized, Serde<TAgg>? aggSerde,
        Func<TKey, TValue, TAgg> first, Func<TKey, TValue, TAgg, TAgg> next)
    {
        StreamsBuilder builder = _grouped.Builder;
        materialized ??= Materialized<TKey, TAgg>.With(null, null);
        long sizeMs, graceMs, minRetentionMs;
        if (_timeWindows is not null)
            (sizeMs, graceMs, minRetentionMs) = (_timeWindows.SizeMs, _timeWindows.GracePeriodMs, _timeWindows.SizeMs + _timeWindows.GracePeriodMs);
        else
            // The algorithm reads windows starting up to 2·d before a record, so they must be kept that long.
            (sizeMs, graceMs, minRetentionMs) = (_slidingWindows!.TimeDifferenceMs, _slidingWindows.GracePeriodMs, 2 * _slidingWindows.TimeDifferenceMs + _slidingWindows.GracePeriodMs);
        string store = builder.MaterializeWindowStore(materialized, prefix + "STATE-STORE-", _grouped.KeySerde, aggSerde, sizeMs, minRetentionMs);
        string parent = _grouped.AggregationParent(store);
        string name = builder.ProcessorName(named, prefix);
        TimeWindows? time = _timeWindows;
        SlidingWindows? sliding = _slidingWindows;
        Func<IProcessor<TKey, TValue, Windowed<TKey>, Change<TAgg>>> Factory(bool send) => time is not null
            ? () => new TimeWindowAggregateProcessor<TKey, TValue, TAgg>(name, store, time, first, next, send)
            : () => new SlidingWindowAggregateProcessor<TKey, TValue, TAgg>(name, store, sliding!, first, next, send);
        builder.AddDslProcessor(name, Factory(false), parent);
        builder.Inner.ConnectStores([name], store);
        var node = new TableNode(store, (_, send) => builder.ReplaceDslProcessor(name, Factory(send)));
        Serde<TKey>? keySerde = materialized.KeySerde ?? _grouped.KeySerde;
        if (keySerde is null) Serdes.TryGetDefault(out keySerde);
        Serde<Windowed<TKey>>? windowedSerde = keySerde is null ? null : WindowedSerdes.TimeWindowedSerde(keySerde, sizeMs);
        return new KTable<Windowed<TKey>, TAgg>(builder, name, windowedSerde, materialized.ValueSerde ?? aggSerde, store, node) { WindowGraceMs = graceMs };
    }
}
