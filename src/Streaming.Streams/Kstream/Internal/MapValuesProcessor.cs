using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream.Internal;

internal sealed class MapValuesProcessor<TKey, TValue, TValueOut>(Func<TKey, TValue, TValueOut> mapper) : IProcessor<TKey, TValue, TKey, TValueOut>
{
    private IProcessorContext<TKey, TValueOut>? _context;

    public void Init(IProcessorContext<TKey, TValueOut> context) => _context = context;

    public void Process(Record<TKey, TValue> record) => _context!.Forward(record.WithValue(mapper(record.Key, record.Value)));
}
