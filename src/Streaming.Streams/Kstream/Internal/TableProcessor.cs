using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// A table-to-table step (source: identity; filter; mapValues) as Kafka's KTableSource/KTableFilter/KTableMapValues:
/// maps the new value, and — when the downstream asked for old values — the old one: read from its own store when
/// materialized, else mapped from the parent's old value. Materialized, it stores the new value with the record's timestamp.
/// </summary>
/// <param name="map">Maps a present value; returns a deletion when the value is filtered out (or maps to null).</param>
/// <param name="storeName">The store it materializes into; null when it has none.</param>
/// <param name="sendOldValues">Whether a downstream operation asked for old values.</param>
/// <param name="skipWhenEmpty">A filter: when old values are sent, an update with neither a new nor an old value is not forwarded.</param>
/// <param name="isSource">A table source: records with a null key are dropped (as Kafka, which logs them as skipped).</param>
internal sealed class TableProcessor<TKey, TValue, TValueOut>(Func<TKey, TValue, Change<TValueOut>> map, string? storeName, bool sendOldValues,
    bool skipWhenEmpty, bool isSource)
    : IProcessor<TKey, Change<TValue>, TKey, Change<TValueOut>>
{
    private TableForwarder<TKey, TValueOut>? _forwarder;

    public void Init(IProcessorContext<TKey, Change<TValueOut>> context)
    {
        _forwarder = new TableForwarder<TKey, TValueOut>(context, storeName, sendOldValues);
        _forwarder.Init();
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        if (isSource && record.Key is null) return;
        Change<TValue> change = record.Value;
        Change<TValueOut> mapped = change.HasNew ? map(record.Key, change.NewValue) : Change<TValueOut>.Deletion;
        ITimestampedKeyValueStore<TKey, TValueOut>? store = _forwarder!.Store;
        TValueOut old = default!;
        bool hasOld = false;
        if (sendOldValues)
        {
            if (store is not null)
            {
                hasOld = store.TryGet(record.Key, out ValueAndTimestamp<TValueOut> stored);
                old = stored.Value;
            }
            else if (change.HasOld)
            {
                Change<TValueOut> mappedOld = map(record.Key, change.OldValue);
                (old, hasOld) = (mappedOld.NewValue, mappedOld.HasNew);
            }
        }
        var result = new Change<TValueOut>(mapped.NewValue, mapped.HasNew, old, hasOld);
        if (skipWhenEmpty && sendOldValues && !result.HasNew && !result.HasOld) return;
        Record<TKey, Change<TValueOut>> output = record.WithValue(result);
        if (store is not null && !_forwarder.Put(output, record.Timestamp)) return;
        _forwarder.MaybeForward(output);
    }
}
