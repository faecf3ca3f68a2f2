using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>Forwards every record unchanged (merge points and split branches).</summary>
internal sealed class PassThroughProcessor<TKey, TValue> : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue>? _context;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record) => _context!.Forward(record);
}
