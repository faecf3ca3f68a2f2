using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;
using Streaming.Streams.State.Internal;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// Forwards a table processor's updates: at once when its store does not cache (or there is no store), otherwise when the
/// cache flushes (one update per key per commit, stamped with the stored timestamp, the old value being the one the layer
/// below held — what downstream last saw). Old values are dropped unless the downstream asked for them.
/// </summary>
internal sealed class TableForwarder<TKey, TValue>(IProcessorContext<TKey, Change<TValue>> context, string? storeName, bool sendOldValues)
{
    private bool _cached;

    /// <summary>The processor's timestamped store; null when it is not materialized.</summary>
    public ITimestampedKeyValueStore<TKey, TValue>? Store { get; private set; }

    public bool SendOldValues => sendOldValues;

    /// <summary>The processor's store when it is versioned (then <see cref="Store"/> is a view of its latest values).</summary>
    public IVersionedKeyValueStore<TKey, TValue>? Versioned { get; private set; }

    public void Init()
    {
        if (storeName is null) return;
        if (context.GetStateStore<IStateStore>(storeName) is IVersionedKeyValueStore<TKey, TValue> versioned)
        {
            Versioned = versioned;
            Store = new VersionedLatestView<TKey, TValue>(versioned);
            return;
        }
        Store = context.GetStateStore<ITimestampedKeyValueStore<TKey, TValue>>(storeName);
        if (Store is SerdeKeyValueStore<TKey, ValueAndTimestamp<TValue>> serde)
            _cached = serde.TrySetFlushListener(OnFlush, sendOldValues);
    }

    /// <summary>
    /// Stores the new value of <paramref name="record"/> (or deletes the key) with <paramref name="timestamp"/>; false when a
    /// versioned store took it as history (out of order) or refused it (too old): such a record is not forwarded.
    /// </summary>
    public bool Put(Record<TKey, Change<TValue>> record, long timestamp)
    {
        if (Versioned is not null)
            return Versioned.Put(record.Key, record.Value.HasNew ? record.Value.NewValue : default!, timestamp) == VersionedKeyValueStore.PutReturnCodeValidToUndefined;
        if (record.Value.HasNew) Store!.Put(record.Key, new ValueAndTimestamp<TValue>(record.Value.NewValue, timestamp));
        else Store!.Delete(record.Key, out _);
        return true;
    }

    /// <summary>Forwards <paramref name="record"/> now, unless the store caches (its flush forwards instead).</summary>
    public void MaybeForward(Record<TKey, Change<TValue>> record)
    {
        if (_cached) return;
        Change<TValue> change = record.Value;
        context.Forward(sendOldValues || !change.HasOld ? record : record.WithValue(new Change<TValue>(change.NewValue, change.HasNew, default!, false)));
    }

    private void OnFlush(TKey key, Change<ValueAndTimestamp<TValue>> change, long entryTimestamp)
        => context.Forward(new Record<TKey, Change<TValue>>(key,
            new Change<TValue>(change.NewValue.Value, change.HasNew, change.OldValue.Value, change.HasOld),
            change.HasNew ? change.NewValue.Timestamp : entryTimestamp));
}
