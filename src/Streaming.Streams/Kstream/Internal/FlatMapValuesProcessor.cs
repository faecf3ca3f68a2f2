using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream.Internal;

internal sealed class FlatMapValuesProcessor<TKey, TValue, TValueOut>(Func<TKey, TValue, IEnumerable<TValueOut>> mapper)
    : IProcessor<TKey, TValue, TKey, TValueOut>
{
    private IProcessorContext<TKey, TValueOut>? _context;

    public void Init(IProcessorContext<TKey, TValueOut> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        foreach (TValueOut value in mapper(record.Key, record.Value)) _context!.Forward(record.WithValue(value));
    }
}
