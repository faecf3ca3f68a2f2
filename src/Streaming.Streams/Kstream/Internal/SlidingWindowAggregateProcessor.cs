using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// Count, reduce and aggregate over sliding windows, with Kafka's algorithm (KStreamSlidingWindowAggregate, KIP-450): windows
/// exist only where records are. A record at t looks at the key's windows starting in [t - 2·d, t + 1]; it updates the windows
/// that contain it, creates its left window [t - d, t] (seeded with the aggregate of the records before it that are within d),
/// its right window [t + 1, t + 1 + d] when later records exist (seeded with their aggregate), and the right window of the
/// record just before it when that window would contain t. Records before d (whose left window would start before 0) share
/// the window [0, d]. Windows are inclusive at both ends; a window closes when stream time - grace passes its end.
/// </summary>
internal sealed class SlidingWindowAggregateProcessor<TKey, TValue, TAgg>(string name, string storeName, SlidingWindows windows, Func<TKey, TValue, TAgg> first,
    Func<TKey, TValue, TAgg, TAgg> next, bool sendOldValues)
    : WindowAggregateProcessor<TKey, TValue, TAgg, ITimestampedWindowStore<TKey, TAgg>>(name, storeName, windows.GracePeriodMs, sendOldValues)
{
    private readonly HashSet<long> _windowStarts = [];
    private readonly long _difference = windows.TimeDifferenceMs;

    protected override void Listen(WindowedForwarder<TKey, TAgg> forwarder, ITimestampedWindowStore<TKey, TAgg> store) => forwarder.ListenTo(store);

    protected override void Aggregate(Record<TKey, TValue> record, long closeTime)
    {
        long timestamp = record.Timestamp;
        // Even the record's right window (ending at t + 1 + d) is closed: nothing it could go into is open.
        if (timestamp + 1 + _difference <= closeTime)
        {
            DropExpired(timestamp, timestamp - _difference, timestamp, closeTime);
            return;
        }
        _windowStarts.Clear();
        if (timestamp < _difference) ProcessEarly(record, closeTime);
        else ProcessInOrder(record, closeTime);
    }

    private void ProcessInOrder(Record<TKey, TValue> record, long closeTime)
    {
        long timestamp = record.Timestamp;
        ValueAndTimestamp<TAgg> leftAgg = default, rightAgg = default;
        bool hasLeftAgg = false, hasRightAgg = false, leftCreated = false, rightCreated = false;
        long? previousTimestamp = null;
        foreach (KeyValuePair<long, ValueAndTimestamp<TAgg>> window in Store.Fetch(record.Key, Math.Max(0, timestamp - 2 * _difference), timestamp + 1))
        {
            long start = window.Key;
            long end = start + _difference;
            ValueAndTimestamp<TAgg> value = window.Value;
            _windowStarts.Add(start);
            if (end < timestamp)
            {
                (leftAgg, hasLeftAgg) = (value, true);
                previousTimestamp = value.Timestamp;
            }
            else if (end == timestamp)
            {
                leftCreated = true;
                if (value.Timestamp < timestamp) previousTimestamp = value.Timestamp;
                Update(record, start, value.Value, value.Timestamp, stored: true, closeTime);
            }
            else if (start <= timestamp)
            {
                (rightAgg, hasRightAgg) = (value, true);
                Update(record, start, value.Value, value.Timestamp, stored: true, closeTime);
            }
            else if (start == timestamp + 1)
            {
                rightCreated = true;
            }
            else
            {
                throw new InvalidStateException($"sliding-window aggregation '{Name}' found a window starting at {start} while processing a record at {timestamp}");
            }
        }

        if (previousTimestamp is { } previous)
        {
            long previousRightStart = previous + 1;
            if (!_windowStarts.Contains(previousRightStart) && previousRightStart + _difference >= timestamp)
                CreateWindow(record, previousRightStart, closeTime);
        }
        if (!leftCreated)
        {
            bool leftNotEmpty = previousTimestamp is { } p && timestamp - _difference <= p;
            if (leftNotEmpty && hasLeftAgg) Update(record, timestamp - _difference, leftAgg.Value, timestamp, stored: false, closeTime, seeded: true);
            else CreateWindow(record, timestamp - _difference, closeTime);
        }
        if (!rightCreated && hasRightAgg && rightAgg.Timestamp > timestamp) CreateRightWindow(record, rightAgg);
    }

    private void ProcessEarly(Record<TKey, TValue> record, long closeTime)
    {
        long timestamp = record.Timestamp;
        ValueAndTimestamp<TAgg> combined = default, rightAgg = default;
        bool hasCombined = false, hasRightAgg = false, rightCreated = false;
        long? previousTimestamp = null;
        foreach (KeyValuePair<long, ValueAndTimestamp<TAgg>> window in Store.Fetch(record.Key, 0, timestamp + 1))
        {
            long start = window.Key;
            ValueAndTimestamp<TAgg> value = window.Value;
            _windowStarts.Add(start);
            if (start == 0)
            {
                (combined, hasCombined) = (value, true);
                if (value.Timestamp < timestamp) previousTimestamp = value.Timestamp;
            }
            else if (start <= timestamp)
            {
                (rightAgg, hasRightAgg) = (value, true);
                Update(record, start, value.Value, value.Timestamp, stored: true, closeTime);
            }
            else if (start == timestamp + 1)
            {
                rightCreated = true;
            }
            else
            {
                throw new InvalidStateException($"sliding-window aggregation '{Name}' found a window starting at {start} while processing an early record at {timestamp}");
            }
        }
        // Without a right window found, the combined window's records after t (if any) are exactly the new right window's.
        if (!hasRightAgg && hasCombined && combined.Timestamp > timestamp) (rightAgg, hasRightAgg) = (combined, true);
        if (!rightCreated && hasRightAgg && rightAgg.Timestamp > timestamp) CreateRightWindow(record, rightAgg);
        if (previousTimestamp is { } previous && !_windowStarts.Contains(previous + 1)) CreateWindow(record, previous + 1, closeTime);
        if (hasCombined) Update(record, 0, combined.Value, combined.Timestamp, stored: true, closeTime);
        else CreateWindow(record, 0, closeTime);
    }

    /// <summary>A new window that holds only the current record (of those seen so far).</summary>
    private void CreateWindow(Record<TKey, TValue> record, long start, long closeTime)
        => Update(record, start, default!, record.Timestamp, stored: false, closeTime, seeded: false);

    /// <summary>The current record's right window, holding the later records' aggregate (the record itself is not in it).</summary>
    private void CreateRightWindow(Record<TKey, TValue> record, ValueAndTimestamp<TAgg> aggregate)
    {
        long start = record.Timestamp + 1;
        Store.Put(record.Key, aggregate, start);
        Forwarder.MaybeForward(new Windowed<TKey>(record.Key, new Window(start, start + _difference)), new Change<TAgg>(aggregate.Value, true, default!, false),
            aggregate.Timestamp, record.Headers);
    }

    /// <summary>Adds the record to the window at <paramref name="start"/>, whose current aggregate is <paramref name="aggregate"/> (stored, or a seed), if it is open.</summary>
    private void Update(Record<TKey, TValue> record, long start, TAgg aggregate, long aggregateTimestamp, bool stored, long closeTime, bool seeded = true)
    {
        long end = start + _difference;
        if (end < closeTime)
        {
            DropExpired(record.Timestamp, start, end, closeTime);
            return;
        }
        TAgg result = seeded || stored ? next(record.Key, record.Value, aggregate) : first(record.Key, record.Value);
        long timestamp = Math.Max(record.Timestamp, aggregateTimestamp);
        Store.Put(record.Key, new ValueAndTimestamp<TAgg>(result, timestamp), start);
        Forwarder.MaybeForward(new Windowed<TKey>(record.Key, new Window(start, end)), new Change<TAgg>(result, true, aggregate, stored), timestamp, record.Headers);
    }
}
