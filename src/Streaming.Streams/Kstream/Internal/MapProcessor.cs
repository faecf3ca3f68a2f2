using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream.Internal;

internal sealed class MapProcessor<TKey, TValue, TKeyOut, TValueOut>(Func<TKey, TValue, (TKeyOut Key, TValueOut Value)> mapper)
    : IProcessor<TKey, TValue, TKeyOut, TValueOut>
{
    private IProcessorContext<TKeyOut, TValueOut>? _context;

    public void Init(IProcessorContext<TKeyOut, TValueOut> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        (TKeyOut key, TValueOut value) = mapper(record.Key, record.Value);
        _context!.Forward(new Record<TKeyOut, TValueOut>(key, value, record.Timestamp, record.Headers));
    }
}
