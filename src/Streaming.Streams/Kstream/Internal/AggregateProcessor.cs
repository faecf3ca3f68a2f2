using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// Count, reduce and aggregate of a grouped stream (Kafka's KStreamAggregate/KStreamReduce): folds each record into the key's
/// aggregate and stores it stamped with max(previous aggregate's timestamp, record timestamp), the timestamp it is forwarded
/// with. Records with a null key or value are skipped (as Kafka, which logs them as dropped).
/// </summary>
internal sealed class AggregateProcessor<TKey, TValue, TAgg>(string storeName, Func<TKey, TValue, TAgg> first, Func<TKey, TValue, TAgg, TAgg> next,
    bool sendOldValues)
    : IProcessor<TKey, TValue, TKey, Change<TAgg>>
{
    private TableForwarder<TKey, TAgg>? _forwarder;

    public void Init(IProcessorContext<TKey, Change<TAgg>> context)
    {
        _forwarder = new TableForwarder<TKey, TAgg>(context, storeName, sendOldValues);
        _forwarder.Init();
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.ValueIsNull) return;
        bool hadOld = _forwarder!.Store!.TryGet(record.Key, out ValueAndTimestamp<TAgg> old);
        TAgg agg = hadOld ? next(record.Key, record.Value, old.Value) : first(record.Key, record.Value);
        long timestamp = hadOld ? Math.Max(record.Timestamp, old.Timestamp) : record.Timestamp;
        var output = new Record<TKey, Change<TAgg>>(record.Key, new Change<TAgg>(agg, true, old.Value, hadOld), timestamp, record.Headers);
        _forwarder.Put(output, timestamp);
        _forwarder.MaybeForward(output);
    }
}
