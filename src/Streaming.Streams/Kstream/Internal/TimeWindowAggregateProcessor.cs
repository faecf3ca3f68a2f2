using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// Count, reduce and aggregate over tumbling or hopping windows (Kafka's KStreamWindowAggregate): each record updates every
/// window it falls into that is still open (end &gt; stream time - grace); for a closed window it is dropped, logged and counted.
/// The result has the highest timestamp of the window's records.
/// </summary>
internal sealed class TimeWindowAggregateProcessor<TKey, TValue, TAgg>(string name, string storeName, TimeWindows windows, Func<TKey, TValue, TAgg> first,
    Func<TKey, TValue, TAgg, TAgg> next, bool sendOldValues)
    : WindowAggregateProcessor<TKey, TValue, TAgg, ITimestampedWindowStore<TKey, TAgg>>(name, storeName, windows.GracePeriodMs, sendOldValues)
{
    protected override void Listen(WindowedForwarder<TKey, TAgg> forwarder, ITimestampedWindowStore<TKey, TAgg> store) => forwarder.ListenTo(store);

    protected override void Aggregate(Record<TKey, TValue> record, long closeTime)
    {
        long timestamp = record.Timestamp;
        for (long start = windows.FirstWindowStart(timestamp); start <= timestamp; start += windows.AdvanceMs)
        {
            long end = start + windows.SizeMs;
            if (end <= closeTime)
            {
                DropExpired(timestamp, start, end, closeTime);
                continue;
            }
            bool found = Store.TryFetch(record.Key, start, out ValueAndTimestamp<TAgg> old);
            TAgg agg = found ? next(record.Key, record.Value, old.Value) : first(record.Key, record.Value);
            long newTimestamp = found ? Math.Max(timestamp, old.Timestamp) : timestamp;
            Store.Put(record.Key, new ValueAndTimestamp<TAgg>(agg, newTimestamp), start);
            Forwarder.MaybeForward(new Windowed<TKey>(record.Key, new Window(start, end)), new Change<TAgg>(agg, true, old.Value, found), newTimestamp, record.Headers);
        }
    }
}
