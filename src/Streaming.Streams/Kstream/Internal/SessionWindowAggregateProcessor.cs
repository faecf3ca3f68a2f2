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
    : WindowAggregateProcessor<TKey, TValue, TAgg, ISessionStore<TKey, TAgg>>(name, storeName, windows.GracePeriodMs, sendOldValues)
{
    private readonly List<KeyValuePair<Windowed<TKey>, TAgg>> _merged = [];

    protected override void Listen(WindowedForwarder<TKey, TAgg> forwarder, ISessionStore<TKey, TAgg> store) => forwarder.ListenTo(store);

    protected override void Aggregate(Record<TKey, TValue> record, long closeTime)
    {
        long timestamp = record.Timestamp;
        _merged.Clear();
        long start = timestamp, end = timestamp;
        TAgg aggregate = default!;
        bool hasAggregate = false;
        foreach (KeyValuePair<Windowed<TKey>, TAgg> session in Store.FindSessions(record.Key, timestamp - windows.InactivityGapMs, timestamp + windows.InactivityGapMs))
        {
            _merged.Add(session);
            aggregate = merge(record.Key, hasAggregate, aggregate, session.Value);
            hasAggregate = true;
            start = Math.Min(start, session.Key.Window.Start);
            end = Math.Max(end, session.Key.Window.End);
        }
        if (end < closeTime)
        {
            DropExpired(timestamp, start, end, closeTime);
            return;
        }
        if (start != timestamp || end != timestamp)
        {
            foreach (KeyValuePair<Windowed<TKey>, TAgg> session in _merged)
            {
                Store.Remove(session.Key);
                Forwarder.MaybeForward(session.Key, new Change<TAgg>(default!, false, session.Value, true), session.Key.Window.End, record.Headers);
            }
        }
        aggregate = hasAggregate ? next(record.Key, record.Value, aggregate) : first(record.Key, record.Value);
        var sessionKey = new Windowed<TKey>(record.Key, new Window(start, end));
        Store.Put(sessionKey, aggregate);
        Forwarder.MaybeForward(sessionKey, new Change<TAgg>(aggregate, true, default!, false), end, record.Headers);
    }
}
