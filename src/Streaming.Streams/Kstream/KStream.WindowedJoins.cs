using System.Runtime.CompilerServices;
using Streaming.Streams.Internal;
using Streaming.Streams.Kstream.Internal;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream;

public sealed partial class KStream<TKey, TValue>
{
    /// <summary>Joins each record with the records of <paramref name="other"/> of the same key within <paramref name="windows"/> (an inner join).</summary>
    public KStream<TKey, TOut> Join<TOther, TOut>(KStream<TKey, TOther> other, Func<TValue, TOther, TOut> joiner, JoinWindows windows,
        StreamJoined<TKey, TValue, TOther>? streamJoined = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return WindowedJoin(other, (_, v, o) => joiner(v, o), windows, streamJoined, leftOuter: false, rightOuter: false);
    }

    /// <summary>An inner join whose joiner also sees the key.</summary>
    public KStream<TKey, TOut> Join<TOther, TOut>(KStream<TKey, TOther> other, Func<TKey, TValue, TOther, TOut> joiner, JoinWindows windows,
        StreamJoined<TKey, TValue, TOther>? streamJoined = null)
        => WindowedJoin(other, joiner, windows, streamJoined, leftOuter: false, rightOuter: false);

    /// <summary>
    /// A left join: like <see cref="Join{TOther, TOut}(KStream{TKey, TOther}, Func{TValue, TOther, TOut}, JoinWindows, StreamJoined{TKey, TValue, TOther}?)"/>,
    /// and a left record that found no partner by the time its window closes is emitted with <c>default</c> for the right value.
    /// </summary>
    public KStream<TKey, TOut> LeftJoin<TOther, TOut>(KStream<TKey, TOther> other, Func<TValue, TOther, TOut> joiner, JoinWindows windows,
        StreamJoined<TKey, TValue, TOther>? streamJoined = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return WindowedJoin(other, (_, v, o) => joiner(v, o), windows, streamJoined, leftOuter: true, rightOuter: false);
    }

    /// <summary>A left join whose joiner also sees the key.</summary>
    public KStream<TKey, TOut> LeftJoin<TOther, TOut>(KStream<TKey, TOther> other, Func<TKey, TValue, TOther, TOut> joiner, JoinWindows windows,
        StreamJoined<TKey, TValue, TOther>? streamJoined = null)
        => WindowedJoin(other, joiner, windows, streamJoined, leftOuter: true, rightOuter: false);

    /// <summary>An outer join: records of either side without a partner when their window closes are emitted with <c>default</c> for the missing value.</summary>
    public KStream<TKey, TOut> OuterJoin<TOther, TOut>(KStream<TKey, TOther> other, Func<TValue, TOther, TOut> joiner, JoinWindows windows,
        StreamJoined<TKey, TValue, TOther>? streamJoined = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return WindowedJoin(other, (_, v, o) => joiner(v, o), windows, streamJoined, leftOuter: true, rightOuter: true);
    }

    /// <summary>An outer join whose joiner also sees the key.</summary>
    public KStream<TKey, TOut> OuterJoin<TOther, TOut>(KStream<TKey, TOther> other, Func<TKey, TValue, TOther, TOut> joiner, JoinWindows windows,
        StreamJoined<TKey, TValue, TOther>? streamJoined = null)
        => WindowedJoin(other, joiner, windows, streamJoined, leftOuter: true, rightOuter: true);

    private KStream<TKey, TOut> WindowedJoin<TOther, TOut>(KStream<TKey, TOther> other, Func<TKey, TValue, TOther, TOut> joiner, JoinWindows windows,
        StreamJoined<TKey, TValue, TOther>? streamJoined, bool leftOuter, bool rightOuter)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(joiner);
        ArgumentNullException.ThrowIfNull(windows);
        StreamsBuilder b = _builder;
        string? baseName = streamJoined?.Name;
        string? storeBase = streamJoined?.StoreName;
        Serde<TKey>? keySerde = b.Inner.Resolve(streamJoined?.KeySerde ?? KeySerde ?? other.KeySerde, $"key of the join of '{NodeName}' and '{other.NodeName}'");
        Serde<TValue>? thisSerde = b.Inner.Resolve(streamJoined?.ValueSerde ?? ValueSerde, $"value of '{NodeName}' in its join with '{other.NodeName}'");
        Serde<TOther>? otherSerde = b.Inner.Resolve(streamJoined?.OtherValueSerde ?? other.ValueSerde, $"value of '{other.NodeName}' in its join with '{NodeName}'");

        string thisParent = RepartitionRequired
            ? Repartitioning.Add(b, NodeName, baseName is null ? NodeName : baseName + "-left", keySerde, thisSerde, $"the join after '{NodeName}'", dropNullKeys: true)
            : NodeName;
        string otherParent = other.RepartitionRequired
            ? Repartitioning.Add(b, other.NodeName, baseName is null ? other.NodeName : baseName + "-right", keySerde, otherSerde, $"the join after '{other.NodeName}'", dropNullKeys: true)
            : other.NodeName;
        // Both sides must be co-partitioned: the runtime checks their topics' partition counts at start.
        b.Inner.AddCopartitionGroup(thisParent, otherParent);

        string thisWindowed = baseName is null ? b.Inner.NewName("KSTREAM-WINDOWED-") : baseName + "-this-windowed";
        string otherWindowed = baseName is null ? b.Inner.NewName("KSTREAM-WINDOWED-") : baseName + "-other-windowed";
        string joinThisGenerated = b.Inner.NewName(rightOuter ? "KSTREAM-OUTERTHIS-" : "KSTREAM-JOINTHIS-");
        string joinOtherGenerated = b.Inner.NewName(leftOuter ? "KSTREAM-OUTEROTHER-" : "KSTREAM-JOINOTHER-");
        string joinThis = baseName is null ? joinThisGenerated : baseName + "-this-join";
        string joinOther = baseName is null ? joinOtherGenerated : baseName + "-other-join";
        string merge = baseName is null ? b.Inner.NewName("KSTREAM-MERGE-") : baseName + "-merge";
        string thisStore = storeBase is null ? joinThisGenerated + "-store" : storeBase + (rightOuter ? "-outer-this-join-store" : "-this-join-store");
        string otherStore = storeBase is null ? joinOtherGenerated + "-store" : storeBase + (leftOuter ? "-outer-other-join-store" : "-other-join-store");
        string? outerStore = !leftOuter ? null
            : storeBase is null ? b.Inner.NewName("KSTREAM-OUTERSHARED-") + "-store" : storeBase + "-outer-shared-join-store";

        StoreType type = streamJoined?.StoreType ?? b.Config.DefaultDslStore;
        bool logging = streamJoined?.LoggingEnabled ?? true;
        // Join buffers keep every record (duplicates too) for the window plus grace, uncached.
        long retention = Math.Max(1, windows.SizeMs + windows.GracePeriodMs);
        AddJoinStore(b, thisStore, type, retention, windows.SizeMs, keySerde, thisSerde, logging);
        AddJoinStore(b, otherStore, type, retention, windows.SizeMs, keySerde, otherSerde, logging);
        if (outerStore is not null)
        {
            b.Inner.AddStore(new StoreRegistration(outerStore, () =>
            {
                IKeyValueBytesStoreSupplier supplier = type == StoreType.InMemory ? Stores.InMemoryKeyValueStore(outerStore) : Stores.PersistentKeyValueStore(outerStore);
                var builder = Stores.KeyValueStoreBuilder(supplier, Serdes.ByteArray, Serdes.ByteArray);
                if (!logging) builder.WithLoggingDisabled();
                return builder;
            }));
        }

        b.AddDslProcessor<TKey, TValue, TKey, TValue>(thisWindowed, () => new JoinWindowProcessor<TKey, TValue>(thisStore), thisParent);
        b.Inner.ConnectStores([thisWindowed], thisStore);
        b.AddDslProcessor<TKey, TOther, TKey, TOther>(otherWindowed, () => new JoinWindowProcessor<TKey, TOther>(otherStore), otherParent);
        b.Inner.ConnectStores([otherWindowed], otherStore);

        var trackers = new ConditionalWeakTable<StreamTask, JoinTimeTracker>();
        b.AddDslProcessor(joinThis, () => new StreamStreamJoinProcessor<TKey, TValue, TOther, TOut>(joinThis, isLeftSide: true, otherStore, outerStore, leftOuter,
            windows.BeforeMs, windows.AfterMs, windows, joiner, keySerde!, thisSerde!, otherSerde!, trackers), thisWindowed);
        b.AddDslProcessor(joinOther, () => new StreamStreamJoinProcessor<TKey, TOther, TValue, TOut>(joinOther, isLeftSide: false, thisStore, outerStore, rightOuter,
            windows.AfterMs, windows.BeforeMs, windows, (k, o, v) => joiner(k, v, o), keySerde!, otherSerde!, thisSerde!, trackers), otherWindowed);
        b.Inner.ConnectStores([joinThis], otherStore);
        b.Inner.ConnectStores([joinOther], thisStore);
        if (outerStore is not null)
        {
            b.Inner.ConnectStores([joinThis], outerStore);
            b.Inner.ConnectStores([joinOther], outerStore);
        }
        b.AddDslProcessor<TKey, TOut, TKey, TOut>(merge, static () => new PassThroughProcessor<TKey, TOut>(), joinThis, joinOther);
        return new KStream<TKey, TOut>(b, merge, keySerde, null, repartitionRequired: false);
    }

    private static void AddJoinStore<TV>(StreamsBuilder builder, string name, StoreType type, long retentionMs, long windowSizeMs, Serde<TKey>? keySerde,
        Serde<TV>? valueSerde, bool logging)
        => builder.Inner.AddStore(new StoreRegistration(name, () =>
        {
            var store = Stores.WindowStoreBuilder(new WindowBytesStoreSupplier(name, type, retentionMs, windowSizeMs, retainDuplicates: true), keySerde!, valueSerde!);
            if (!logging) store.WithLoggingDisabled();
            return store;
        }));
}
