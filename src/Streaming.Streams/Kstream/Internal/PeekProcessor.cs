using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>Calls an action per record and passes the record on (Peek); with no children it is Foreach.</summary>
internal sealed class PeekProcessor<TKey, TValue>(Action<TKey, TValue> action) : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue>? _context;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        action(record.Key, record.Value);
        _context!.Forward(record);
    }
}
