using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// Count, reduce and aggregate of a grouped table (Kafka's KTableAggregate/KTableReduce): each update from the repartition
/// topic first takes its old value out of the key's aggregate with the subtractor, then adds its new value with the adder
/// (starting from <paramref name="first"/> when there is no aggregate). The result is stored stamped with max(previous
/// aggregate's timestamp, record timestamp); a null result deletes the key.
/// </summary>
internal sealed class TableAggregateProcessor<TKey, TValue, TAgg>(string storeName, Func<TKey, TValue, TAgg> first, Func<TKey, TValue, TAgg, TAgg> add,
    Func<TKey, TValue, TAgg, TAgg> remove, bool sendOldValues)
    : IProcessor<TKey, Change<TValue>, TKey, Change<TAgg>>
{
    private TableForwarder<TKey, TAgg>? _forwarder;

    public void Init(IProcessorContext<TKey, Change<TAgg>> context)
    {
        _forwarder = new TableForwarder<TKey, TAgg>(context, storeName, sendOldValues);
        _forwarder.Init();
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        if (record.Key is null) throw new StreamsException($"the key of a record for table aggregation '{storeName}' is null");
        Change<TValue> change = record.Value;
        bool hadOld = _forwarder!.Store!.TryGet(record.Key, out ValueAndTimestamp<TAgg> old);
        TAgg agg = old.Value;
        bool hasAgg = hadOld;
        if (change.HasOld && hadOld)
        {
            agg = remove(record.Key, change.OldValue, agg);
            hasAgg = agg is not null;
        }
        if (change.HasNew)
        {
            agg = hasAgg ? add(record.Key, change.NewValue, agg) : first(record.Key, change.NewValue);
            hasAgg = true;
        }
        long timestamp = hadOld ? Math.Max(record.Timestamp, old.Timestamp) : record.Timestamp;
        var output = new Record<TKey, Change<TAgg>>(record.Key, new Change<TAgg>(agg, hasAgg, old.Value, hadOld), timestamp, record.Headers);
        _forwarder.Put(output, timestamp);
        _forwarder.MaybeForward(output);
    }
}
