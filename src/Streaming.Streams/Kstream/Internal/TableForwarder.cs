using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;
using Streaming.Streams.State.Internal;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// Writes a table update to the processor's store (if materialized) and forwards it: at once when the store does not cache,
/// otherwise when the cache flushes (one update per key per commit).
/// </summary>
internal sealed class TableForwarder<TKey, TValue>(IProcessorContext<TKey, Change<TValue>> context, string? storeName)
{
    private IKeyValueStore<TKey, TValue>? _store;
    private bool _cached;

    public IKeyValueStore<TKey, TValue>? Store => _store;

    public void Init()
    {
        if (storeName is null) return;
        _store = context.GetStateStore<IKeyValueStore<TKey, TValue>>(storeName);
        if (_store is SerdeKeyValueStore<TKey, TValue> serde)
        {
            _cached = serde.TrySetFlushListener((key, value, deleted, timestamp)
                => context.Forward(new Record<TKey, Change<TValue>>(key, new Change<TValue>(value, deleted), timestamp)));
        }
    }

    public void Apply(Record<TKey, Change<TValue>> record)
    {
        if (_store is not null)
        {
            if (record.Value.IsDeletion) _store.Delete(record.Key, out _);
            else _store.Put(record.Key, record.Value.Value);
        }
        if (!_cached) context.Forward(record);
    }
}
