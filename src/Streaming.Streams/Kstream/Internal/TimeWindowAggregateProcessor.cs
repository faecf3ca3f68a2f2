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
    : IProcessor<TKey, TValue, Windowed<TKey>, Change<TAgg>>
{
    private IProcessorContext<Windowed<TKey>, Change<TAgg>>? _context;
    private ITimestampedWindowStore<TKey, TAgg>? _store;
    private WindowedForwarder<TKey, TAgg>? _forwarder;
    private long _observedStreamTime = -1;

    public void Init(IProcessorContext<Windowed<TKey>, Change<TAgg>> context)
    {
        _context = context;
        _store = context.GetStateStore<ITimestampedWindowStore<TKey, TAgg>>(storeName);
        _forwarder = new WindowedForwarder<TKey, TAgg>(context, sendOldValues);
        _forwarder.ListenTo(_store);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.ValueIsNull)
        {
            DroppedRecords.NullKeyOrValue(_context!, name);
            return;
        }
        long timestamp = record.Timestamp;
        _observedStreamTime = Math.Max(_observedStreamTime, timestamp);
        long closeTime = _observedStreamTime - windows.GracePeriodMs;
        for (long start = windows.FirstWindowStart(timestamp); start <= timestamp; start += windows.AdvanceMs)
        {
            long end = start + windows.SizeMs;
            if (end <= closeTime)
            {
                DroppedRecords.ExpiredWindow(_context!, name, timestamp, start, end, closeTime, _observedStreamTime);
                continue;
            }
            bool found = _store!.TryFetch(record.Key, start, out ValueAndTimestamp<TAgg> old);
            TAgg agg = found ? next(record.Key, record.Value, old.Value) : first(record.Key, record.Value);
            long newTimestamp = found ? Math.Max(timestamp, old.Timestamp) : timestamp;
            _store.Put(record.Key, new ValueAndTimestamp<TAgg>(agg, newTimestamp), start);
            _forwarder!.MaybeForward(new Windowed<TKey>(record.Key, new Window(start, end)), new Change<TAgg>(agg, true, old.Value, found), newTimestamp, record.Headers);
        }
    }
}
