using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream.Internal;

internal sealed class FilterProcessor<TKey, TValue>(Func<TKey, TValue, bool> predicate, bool negate) : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue>? _context;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        if (predicate(record.Key, record.Value) != negate) _context!.Forward(record);
    }
}
