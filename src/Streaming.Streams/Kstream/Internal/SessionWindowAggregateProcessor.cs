using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// Count, reduce and aggregate over session windows (Kafka's KStreamSessionWindowAggregate): a record at t joins every session of
/// its key that ends at or after t - gap and starts at or before t + gap; their aggregates are merged (<c>merge</c>), the merged
/// sessions removed (a tombstone each, stamped with its end) and the new session [min start, max end] stored and forwarded,
/// stamped with its end. A record whose merged session ends before stream time - grace is dropped, logged and counted.
/// </summary>
internal sealed class SessionWindowAggregateProcessor<TKey, TValue, TAgg>(string name, string storeName, SessionWindows windows, Func<TKey, TValue, TAgg> first,
    Func<TKey, TValue, TAgg, TAgg> next, Func<TKey, bool, TAgg, TAgg, TAgg> merge, bool sendOldValues)
    : IProcessor<TKey, TValue, Windowed<TKey>, Change<TAgg>>
{
    private readonly List<KeyValuePair<Windowed<TKey>, TAgg>> _merged = [];
    private IProcessorContext<Windowed<TKey>, Change<TAgg>>? _context;
    private ISessionStore<TKey, TAgg>? _store;
    private WindowedForwarder<TKey, TAgg>? _forwarder;
    private long _observedStreamTime = -1;

    public void Init(IProcessorContext<Windowed<TKey>, Change<TAgg>> context)
    {
        _context = context;
        _store = context.GetStateStore<ISessionStore<TKey, TAgg>>(storeName);
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
        _merged.Clear();
        long start = timestamp, end = timestamp;
        TAgg aggregate = default!;
        bool hasAggregate = false;
        foreach (KeyValuePair<Windowed<TKey>, TAgg> session in _store!.FindSessions(record.Key, timestamp - windows.InactivityGapMs, timestamp + windows.InactivityGapMs))
        {
            _merged.Add(session);
            aggregate = merge(record.Key, hasAggregate, aggregate, session.Value);
            hasAggregate = true;
            start = Math.Min(start, session.Key.Window.Start);
            end = Math.Max(end, session.Key.Window.End);
        }
        if (end < closeTime)
        {
            DroppedRecords.ExpiredWindow(_context!, name, timestamp, start, end, closeTime, _observedStreamTime);
            return;
        }
        if (start != timestamp || end != timestamp)
        {
            foreach (KeyValuePair<Windowed<TKey>, TAgg> session in _merged)
            {
                _store.Remove(session.Key);
                _forwarder!.MaybeForward(session.Key, new Change<TAgg>(default!, false, session.Value, true), session.Key.Window.End, record.Headers);
            }
        }
        aggregate = hasAggregate ? next(record.Key, record.Value, aggregate) : first(record.Key, record.Value);
        var sessionKey = new Windowed<TKey>(record.Key, new Window(start, end));
        _store.Put(sessionKey, aggregate);
        _forwarder!.MaybeForward(sessionKey, new Change<TAgg>(aggregate, true, default!, false), end, record.Headers);
    }
}
