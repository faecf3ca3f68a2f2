using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;
using Streaming.Streams.State.Internal;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// Forwards a windowed aggregation's updates: at once when its store does not cache, otherwise when the cache flushes (one
/// update per window per commit). Old values are dropped unless the downstream asked for them.
/// </summary>
internal sealed class WindowedForwarder<TKey, TAgg>(IProcessorContext<Windowed<TKey>, Change<TAgg>> context, bool sendOldValues)
{
    private bool _cached;

    /// <summary>Forwards the flushes of a timestamped window store, stamped with the stored timestamp.</summary>
    public void ListenTo(ITimestampedWindowStore<TKey, TAgg> store)
    {
        if (store is TimestampedSerdeWindowStore<TKey, TAgg> serde)
            _cached = serde.TrySetFlushListener((key, change, timestamp) => context.Forward(new Record<Windowed<TKey>, Change<TAgg>>(key,
                new Change<TAgg>(change.NewValue.Value, change.HasNew, change.OldValue.Value, change.HasOld), change.HasNew ? change.NewValue.Timestamp : timestamp)),
                sendOldValues);
    }

    /// <summary>Forwards the flushes of a session store, stamped with the session's end (as Kafka).</summary>
    public void ListenTo(ISessionStore<TKey, TAgg> store)
    {
        if (store is SerdeSessionStore<TKey, TAgg> serde)
            _cached = serde.TrySetFlushListener((key, change, _) => context.Forward(new Record<Windowed<TKey>, Change<TAgg>>(key, change, key.Window.End)), sendOldValues);
    }

    /// <summary>Forwards an update now, unless the store caches (its flush forwards instead).</summary>
    public void MaybeForward(Windowed<TKey> key, Change<TAgg> change, long timestamp, Headers headers)
    {
        if (_cached) return;
        context.Forward(new Record<Windowed<TKey>, Change<TAgg>>(key, sendOldValues || !change.HasOld ? change : new Change<TAgg>(change.NewValue, change.HasNew, default!, false),
            timestamp, headers));
    }
}
