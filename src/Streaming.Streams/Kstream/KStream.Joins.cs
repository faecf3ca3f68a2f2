using Streaming.Streams.Kstream.Internal;

namespace Streaming.Streams.Kstream;

/// <summary>Stream–table and stream–global-table joins.</summary>
public sealed partial class KStream<TKey, TValue>
{
    /// <summary>
    /// Joins each record with the value <paramref name="table"/> has for its key when the record is processed (for a versioned
    /// table: the value valid at the record's timestamp); records without a table value are dropped. Table updates emit nothing.
    /// If an upstream operation may have changed keys, the stream is repartitioned first (through
    /// <c>&lt;application.id&gt;-&lt;Joined name or this node&gt;-repartition</c>). The stream and the table must be co-partitioned.
    /// </summary>
    public KStream<TKey, TResult> Join<TTableValue, TResult>(KTable<TKey, TTableValue> table, Func<TValue, TTableValue, TResult> joiner,
        Joined<TKey, TValue, TTableValue>? joined = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return StreamTableJoin(table, (_, v, t) => joiner(v, t), joined, leftJoin: false);
    }

    /// <summary>As <see cref="Join{TTableValue, TResult}(KTable{TKey, TTableValue}, Func{TValue, TTableValue, TResult}, Joined{TKey, TValue, TTableValue}?)"/>, with the key passed to the joiner.</summary>
    public KStream<TKey, TResult> Join<TTableValue, TResult>(KTable<TKey, TTableValue> table, Func<TKey, TValue, TTableValue, TResult> joiner,
        Joined<TKey, TValue, TTableValue>? joined = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return StreamTableJoin(table, joiner, joined, leftJoin: false);
    }

    /// <summary>
    /// As <see cref="Join{TTableValue, TResult}(KTable{TKey, TTableValue}, Func{TValue, TTableValue, TResult}, Joined{TKey, TValue, TTableValue}?)"/>,
    /// but a record without a table value is joined with <c>default</c> instead of dropped.
    /// </summary>
    public KStream<TKey, TResult> LeftJoin<TTableValue, TResult>(KTable<TKey, TTableValue> table, Func<TValue, TTableValue, TResult> joiner,
        Joined<TKey, TValue, TTableValue>? joined = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return StreamTableJoin(table, (_, v, t) => joiner(v, t), joined, leftJoin: true);
    }

    /// <summary>As <see cref="LeftJoin{TTableValue, TResult}(KTable{TKey, TTableValue}, Func{TValue, TTableValue, TResult}, Joined{TKey, TValue, TTableValue}?)"/>, with the key passed to the joiner.</summary>
    public KStream<TKey, TResult> LeftJoin<TTableValue, TResult>(KTable<TKey, TTableValue> table, Func<TKey, TValue, TTableValue, TResult> joiner,
        Joined<TKey, TValue, TTableValue>? joined = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return StreamTableJoin(table, joiner, joined, leftJoin: true);
    }

    /// <summary>
    /// Joins each record with the value <paramref name="table"/> has for the key <paramref name="keySelector"/> computes from it;
    /// records without a value (or whose selected key is null) are dropped. No repartitioning or co-partitioning is needed:
    /// every instance holds the whole global table.
    /// </summary>
    public KStream<TKey, TResult> Join<TGlobalKey, TGlobalValue, TResult>(GlobalKTable<TGlobalKey, TGlobalValue> table, Func<TKey, TValue, TGlobalKey> keySelector,
        Func<TValue, TGlobalValue, TResult> joiner, Named? named = null)
        => GlobalJoin(table, keySelector, joiner, named, leftJoin: false);

    /// <summary>As <see cref="Join{TGlobalKey, TGlobalValue, TResult}"/>, but a record without a global-table value is joined with <c>default</c>.</summary>
    public KStream<TKey, TResult> LeftJoin<TGlobalKey, TGlobalValue, TResult>(GlobalKTable<TGlobalKey, TGlobalValue> table, Func<TKey, TValue, TGlobalKey> keySelector,
        Func<TValue, TGlobalValue, TResult> joiner, Named? named = null)
        => GlobalJoin(table, keySelector, joiner, named, leftJoin: true);

    private KStream<TKey, TResult> StreamTableJoin<TTableValue, TResult>(KTable<TKey, TTableValue> table, Func<TKey, TValue, TTableValue, TResult> joiner,
        Joined<TKey, TValue, TTableValue>? joined, bool leftJoin)
    {
        ArgumentNullException.ThrowIfNull(table);
        string parent = NodeName;
        Serde<TKey>? keySerde = joined?.KeySerde ?? KeySerde;
        Serde<TValue>? valueSerde = joined?.ValueSerde ?? ValueSerde;
        if (RepartitionRequired)
        {
            string baseName = joined?.Name ?? NodeName;
            parent = Repartitioning.Add(_builder, NodeName, baseName, keySerde, valueSerde, owner: $"the join repartition of '{NodeName}'", dropNullKeys: true);
        }
        string name = joined?.Name ?? _builder.Inner.NewName(leftJoin ? "KSTREAM-LEFTJOIN-" : "KSTREAM-JOIN-");
        TableValueGetterSupplier<TKey, TTableValue> getter = table.ValueGetterSupplier();
        _builder.AddDslProcessor(name, () => new StreamTableJoinProcessor<TKey, TValue, TKey, TTableValue, TResult>(getter, static (k, _) => k, joiner, leftJoin), parent);
        foreach (string store in getter.StoreNames) _builder.Inner.ConnectStores([name], store);
        _builder.Inner.AddCopartitionGroup(parent, table.NodeName);
        return new KStream<TKey, TResult>(_builder, name, keySerde, null, repartitionRequired: false);
    }

    private KStream<TKey, TResult> GlobalJoin<TGlobalKey, TGlobalValue, TResult>(GlobalKTable<TGlobalKey, TGlobalValue> table, Func<TKey, TValue, TGlobalKey> keySelector,
        Func<TValue, TGlobalValue, TResult> joiner, Named? named, bool leftJoin)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(keySelector);
        ArgumentNullException.ThrowIfNull(joiner);
        string name = _builder.ProcessorName(named, leftJoin ? "KSTREAM-LEFTJOIN-" : "KSTREAM-JOIN-");
        TableValueGetterSupplier<TGlobalKey, TGlobalValue> getter = table.ValueGetterSupplier();
        _builder.AddDslProcessor(name, () => new StreamTableJoinProcessor<TKey, TValue, TGlobalKey, TGlobalValue, TResult>(getter, keySelector,
            (_, v, g) => joiner(v, g), leftJoin), NodeName);
        return new KStream<TKey, TResult>(_builder, name, KeySerde, null, RepartitionRequired);
    }
}
