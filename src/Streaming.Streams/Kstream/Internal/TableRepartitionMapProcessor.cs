using Streaming.Streams.Internal;
using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// The re-keying step of a table grouping (Kafka's KTableRepartitionMap): selects (key, value) for the old and the new
/// value of each update. When both select the same key, one record carries both (so the aggregate subtracts then adds in
/// one step); otherwise the old value goes to its key as a subtraction first, then the new value to its key as an addition.
/// A pair whose key or value is null is not forwarded.
/// </summary>
internal sealed class TableRepartitionMapProcessor<TKey, TValue, TKeyOut, TValueOut>(Func<TKey, TValue, (TKeyOut Key, TValueOut Value)> selector)
    : IProcessor<TKey, Change<TValue>, TKeyOut, Change<TValueOut>>
{
    private IProcessorContext<TKeyOut, Change<TValueOut>>? _context;

    public void Init(IProcessorContext<TKeyOut, Change<TValueOut>> context) => _context = context;

    public void Process(Record<TKey, Change<TValue>> record)
    {
        if (record.Key is null) throw new StreamsException("the key of a record of a grouped KTable is null");
        Change<TValue> change = record.Value;
        (TKeyOut Key, TValueOut Value) newPair = change.HasNew ? selector(record.Key, change.NewValue) : default;
        (TKeyOut Key, TValueOut Value) oldPair = change.HasOld ? selector(record.Key, change.OldValue) : default;
        bool hasNew = change.HasNew && newPair.Key is not null && newPair.Value is not null;
        bool hasOld = change.HasOld && oldPair.Key is not null && oldPair.Value is not null;
        if (hasNew && hasOld && EqualityComparer<TKeyOut>.Default.Equals(oldPair.Key, newPair.Key))
        {
            Forward(record, oldPair.Key, new Change<TValueOut>(newPair.Value, true, oldPair.Value, true));
            return;
        }
        if (hasOld) Forward(record, oldPair.Key, new Change<TValueOut>(default!, false, oldPair.Value, true));
        if (hasNew) Forward(record, newPair.Key, Change<TValueOut>.Of(newPair.Value));
    }

    private void Forward(Record<TKey, Change<TValue>> record, TKeyOut key, Change<TValueOut> change)
        => _context!.Forward(new Record<TKeyOut, Change<TValueOut>>(key, change, record.Timestamp, record.Headers));
}
