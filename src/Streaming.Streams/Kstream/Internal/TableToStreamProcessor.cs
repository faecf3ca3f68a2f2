using Streaming.Streams.Internal;
using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>Turns table updates into stream records; a deletion becomes a tombstone (<see cref="Record{TKey, TValue}.ValueIsNull"/>, value <c>default</c>).</summary>
internal sealed class TableToStreamProcessor<TKey, TValue> : IProcessor<TKey, Change<TValue>, TKey, TValue>
{
    private IProcessorContext<TKey, TValue>? _context;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, Change<TValue>> record)
        => _context!.Forward(record.Value.IsDeletion ? record.WithValue(default(TValue)!).AsTombstone() : record.WithValue(record.Value.NewValue));
}
