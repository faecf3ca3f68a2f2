using Streaming.Streams.Internal;
using Streaming.Streams.Kstream.Internal;
using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream;

/// <summary>Table–table joins on the primary key.</summary>
public sealed partial class KTable<TKey, TValue>
{
    /// <summary>For a table without a store of its own (filter, mapValues, join): how to compute its values from its parents'.</summary>
    internal Func<TableValueGetterSupplier<TKey, TValue>>? ComputedGetter { get; init; }

    /// <summary>
    /// Joins with <paramref name="other"/> on the key (an inner join, Kafka's <c>KTable#join</c>): a key has a result while both tables
    /// have a value for it. An update on either side emits the new result (stamped with the later of the two values' timestamps);
    /// a deletion on either side deletes it.
    /// </summary>
    public KTable<TKey, TResult> Join<TOther, TResult>(KTable<TKey, TOther> other, Func<TValue, TOther, TResult> joiner, Named? named = null,
        Materialized<TKey, TResult>? materialized = null)
        => DoJoin(other, joiner, named, materialized, leftOuter: false, rightOuter: false);

    /// <summary>
    /// Left-joins with <paramref name="other"/> on the key: every key of this table has a result, <paramref name="joiner"/> getting
    /// <c>default</c> for a missing other value.
    /// </summary>
    public KTable<TKey, TResult> LeftJoin<TOther, TResult>(KTable<TKey, TOther> other, Func<TValue, TOther, TResult> joiner, Named? named = null,
        Materialized<TKey, TResult>? materialized = null)
        => DoJoin(other, joiner, named, materialized, leftOuter: true, rightOuter: false);

    /// <summary>
    /// Outer-joins with <paramref name="other"/> on the key: a key has a result while either table has a value for it,
    /// <paramref name="joiner"/> getting <c>default</c> for the missing side.
    /// </summary>
    public KTable<TKey, TResult> OuterJoin<TOther, TResult>(KTable<TKey, TOther> other, Func<TValue, TOther, TResult> joiner, Named? named = null,
        Materialized<TKey, TResult>? materialized = null)
        => DoJoin(other, joiner, named, materialized, leftOuter: true, rightOuter: true);

    /// <summary>
    /// How processors of the same task read this table's values; materializes a source table that has no store yet (as Kafka's
    /// <c>valueGetterSupplier</c>). Readers must be connected to <see cref="TableValueGetterSupplier{TKey, TValue}.StoreNames"/>.
    /// </summary>
    internal TableValueGetterSupplier<TKey, TValue> ValueGetterSupplier()
    {
        if (Node.StoreName is { } store) return TableValueGetterSupplier<TKey, TValue>.FromStore(store);
        if (ComputedGetter is not null) return ComputedGetter();
        return Node.EnsureMaterialized() is { } forced
            ? TableValueGetterSupplier<TKey, TValue>.FromStore(forced)
            : throw new TopologyException($"table '{NodeName}' has no store and its values cannot be computed: materialize it to join it");
    }

    private KTable<TKey, TResult> DoJoin<TOther, TResult>(KTable<TKey, TOther> other, Func<TValue, TOther, TResult> joiner, Named? named,
        Materialized<TKey, TResult>? materialized, bool leftOuter, bool rightOuter)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(joiner);
        // Kafka's order of generated names: merge, (store), this, other.
        string merge = _builder.ProcessorName(named, "KTABLE-MERGE-");
        if (leftOuter) Node.EnableSendingOldValues(forceMaterialization: true);
        if (rightOuter) other.Node.EnableSendingOldValues(forceMaterialization: true);
        string? store = materialized is null ? null : _builder.Materialize(materialized, "KTABLE-MERGE-STATE-STORE-", KeySerde, null);
        string joinThis = named is null ? _builder.Inner.NewName("KTABLE-JOINTHIS-") : named.Name + "-join-this";
        string joinOther = named is null ? _builder.Inner.NewName("KTABLE-JOINOTHER-") : named.Name + "-join-other";
        TableValueGetterSupplier<TKey, TValue> thisGetter = ValueGetterSupplier();
        TableValueGetterSupplier<TKey, TOther> otherGetter = other.ValueGetterSupplier();
        TableJoinKind thisKind = leftOuter ? (rightOuter ? TableJoinKind.Outer : TableJoinKind.Left) : TableJoinKind.Inner;
        TableJoinKind otherKind = leftOuter ? (rightOuter ? TableJoinKind.Outer : TableJoinKind.Right) : TableJoinKind.Inner;
        Func<TOther, TValue, TResult> reversed = (o, v) => joiner(v, o);

        void RegisterJoins(bool send)
        {
            Func<IProcessor<TKey, Change<TValue>, TKey, Change<TResult>>> thisFactory = () => new TableTableJoinProcessor<TKey, TValue, TOther, TResult>(otherGetter, joiner, thisKind, send);
            Func<IProcessor<TKey, Change<TOther>, TKey, Change<TResult>>> otherFactory = () => new TableTableJoinProcessor<TKey, TOther, TValue, TResult>(thisGetter, reversed, otherKind, send);
            if (!_builder.Inner.HasNode(joinThis))
            {
                _builder.AddDslProcessor(joinThis, thisFactory, NodeName);
                _builder.AddDslProcessor(joinOther, otherFactory, other.NodeName);
            }
            else
            {
                _builder.ReplaceDslProcessor(joinThis, thisFactory);
                _builder.ReplaceDslProcessor(joinOther, otherFactory);
            }
        }

        RegisterJoins(send: false);
        foreach (string s in otherGetter.StoreNames) _builder.Inner.ConnectStores([joinThis], s);
        foreach (string s in thisGetter.StoreNames) _builder.Inner.ConnectStores([joinOther], s);
        Func<IProcessor<TKey, Change<TResult>, TKey, Change<TResult>>> MergeFactory(string? s, bool send)
            => () => new TableProcessor<TKey, TResult, TResult>(static (_, v) => Change<TResult>.Of(v), s, send, skipWhenEmpty: false, isSource: false);
        _builder.AddDslProcessor(merge, MergeFactory(store, false), joinThis, joinOther);
        if (store is not null) _builder.Inner.ConnectStores([merge], store);
        _builder.Inner.AddCopartitionGroup(NodeName, other.NodeName);

        var node = new TableNode(store, (s, send) => _builder.ReplaceDslProcessor(merge, MergeFactory(s, send)), parentEnable: _ =>
        {
            Node.EnableSendingOldValues(forceMaterialization: true);
            other.Node.EnableSendingOldValues(forceMaterialization: true);
            RegisterJoins(send: true);
            return true;
        });
        return new KTable<TKey, TResult>(_builder, merge, materialized?.KeySerde ?? KeySerde, materialized?.ValueSerde, store, node)
        {
            ComputedGetter = store is null
                ? () => new TableValueGetterSupplier<TKey, TResult>([.. thisGetter.StoreNames, .. otherGetter.StoreNames],
                    () => new TableTableJoinValueGetter<TKey, TValue, TOther, TResult>(thisGetter.Get(), otherGetter.Get(), joiner, leftOuter, rightOuter))
                : null,
        };
    }
}
