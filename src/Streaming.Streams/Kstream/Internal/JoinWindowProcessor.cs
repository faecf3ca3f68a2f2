using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>One side of a stream-stream join (Kafka's KStreamJoinWindow): passes each record on, and buffers it in its side's window store at its timestamp.</summary>
internal sealed class JoinWindowProcessor<TKey, TValue>(string storeName) : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue>? _context;
    private IWindowStore<TKey, TValue>? _store;

    public void Init(IProcessorContext<TKey, TValue> context)
    {
        _context = context;
        _store = context.GetStateStore<IWindowStore<TKey, TValue>>(storeName);
    }

    public void Process(Record<TKey, TValue> record)
    {
        _context!.Forward(record);
        if (record.Key is not null && record.Value is not null) _store!.Put(record.Key, record.Value, record.Timestamp);
    }
}
