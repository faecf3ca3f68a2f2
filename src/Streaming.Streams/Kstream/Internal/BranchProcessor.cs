using Streaming.Streams.Processor;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>Sends each record to the branch of the first predicate it matches, else to the default branch (if any), else drops it.</summary>
internal sealed class BranchProcessor<TKey, TValue>(Func<TKey, TValue, bool>[] predicates, string[] children, string? defaultChild)
    : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue>? _context;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        for (int i = 0; i < predicates.Length; i++)
        {
            if (predicates[i](record.Key, record.Value))
            {
                _context!.Forward(record, children[i]);
                return;
            }
        }
        if (defaultChild is not null) _context!.Forward(record, defaultChild);
    }
}
