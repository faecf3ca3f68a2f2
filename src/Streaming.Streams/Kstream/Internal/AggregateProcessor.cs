using Streaming.Streams.Internal;
using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// Count, reduce and aggregate of a grouped stream: folds each record into the key's aggregate in the store and forwards the
/// new aggregate. Records with a null key or value are skipped (as Kafka).
/// </summary>
internal sealed class AggregateProcessor<TKey, TValue, TAgg>(string storeName, Func<TKey, TValue, TAgg> first, Func<TKey, TValue, TAgg, TAgg> next)
    : IProcessor<TKey, TValue, TKey, Change<TAgg>>
{
    private TableForwarder<TKey, TAgg>? _forwarder;

    public void Init(IProcessorContext<TKey, Change<TAgg>> context)
    {
        _forwarder = new TableForwarder<TKey, TAgg>(context, storeName);
        _forwarder.Init();
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.Value is null) return;
        TAgg agg = _forwarder!.Store!.TryGet(record.Key, out TAgg old) ? next(record.Key, record.Value, old) : first(record.Key, record.Value);
        _forwarder.Apply(new Record<TKey, Change<TAgg>>(record.Key, new Change<TAgg>(agg, false), record.Timestamp, record.Headers));
    }
}
