using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// A stream–table (or stream–global-table) join (Kafka's KStreamKTableJoinProcessor): each stream record looks up the table
/// value of its mapped key — the latest, or for a versioned table the one valid at the record's timestamp — and forwards the
/// joined value with the stream record's key and timestamp. Table updates trigger nothing. A record whose mapped key or value
/// is null is dropped (counted and logged); without a table value, an inner join emits nothing and a left join joins with <c>default</c>.
/// </summary>
internal sealed class StreamTableJoinProcessor<TKey, TValue, TTableKey, TTableValue, TResult>(TableValueGetterSupplier<TTableKey, TTableValue> table,
    Func<TKey, TValue, TTableKey> keyMapper, Func<TKey, TValue, TTableValue, TResult> joiner, bool leftJoin)
    : IProcessor<TKey, TValue, TKey, TResult>
{
    private IProcessorContext<TKey, TResult>? _context;
    private ITableValueGetter<TTableKey, TTableValue>? _table;

    public void Init(IProcessorContext<TKey, TResult> context)
    {
        _context = context;
        _table = table.Get();
        _table.Init(context);
    }

    public void Process(Record<TKey, TValue> record)
    {
        TTableKey mapped = record.ValueIsNull ? default! : keyMapper(record.Key, record.Value);
        if (mapped is null || record.ValueIsNull)
        {
            _context!.DropRecord("null join key or value");
            return;
        }
        bool found = _table!.IsVersioned
            ? _table.TryGetAsOf(mapped, record.Timestamp, out ValueAndTimestamp<TTableValue> value)
            : _table.TryGet(mapped, out value);
        if (found || leftJoin) _context!.Forward(record.WithValue(joiner(record.Key, record.Value, found ? value.Value : default!)));
    }
}
