using Streaming.Streams.Internal;
using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// A table-to-table step: maps each update (source: identity; filter: failing values become deletions, as Kafka forwards a
/// tombstone; mapValues), then materializes and forwards it through a <see cref="TableForwarder{TKey, TValue}"/>.
/// </summary>
internal sealed class TableProcessor<TKey, TValue, TValueOut>(Func<TKey, TValue, Change<TValueOut>> map, string? storeName)
    : IProcessor<TKey, Change<TValue>, TKey, Change<TValueOut>>
{
    private TableForwarder<TKey, TValueOut>? _forwarder;

    public void Init(IProcessorContext<TKey, Change<TValueOut>> context)
    {
        _forwarder = new TableForwarder<TKey, TValueOut>(context, storeName);
        _forwarder.Init();
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        Change<TValueOut> change = record.Value.IsDeletion ? Change<TValueOut>.Deletion : map(record.Key, record.Value.Value);
        _forwarder!.Apply(record.WithValue(change));
    }
}
