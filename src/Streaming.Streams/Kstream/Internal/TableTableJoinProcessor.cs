using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>Which rows a table–table join keeps, seen from the side whose update is processed.</summary>
internal enum TableJoinKind
{
    /// <summary>Both sides must have a value (inner join, either side).</summary>
    Inner,

    /// <summary>This side's value is kept when the other has none (left join, left side).</summary>
    Left,

    /// <summary>The other side must have a value; this side's may be missing (left join, right side).</summary>
    Right,

    /// <summary>Either side's value is kept (outer join, either side).</summary>
    Outer,
}

/// <summary>
/// One side of a table–table join (Kafka's KTableKTableInnerJoin/LeftJoin/RightJoin/OuterJoin processors): an update of this
/// side looks the key up in the other side's table and forwards the joined (new, old) pair, stamped with the later of the two
/// timestamps. Old results are computed from the update's old value, and only when downstream asked for them.
/// </summary>
/// <param name="other">The other side's values.</param>
/// <param name="joiner">Joins (this side's value, the other side's value); for the right-hand processor the arguments are swapped back by the caller.</param>
/// <param name="kind">Which rows this side keeps.</param>
/// <param name="sendOldValues">Whether downstream asked for old results.</param>
internal sealed class TableTableJoinProcessor<TKey, TValue, TOther, TResult>(TableValueGetterSupplier<TKey, TOther> other, Func<TValue, TOther, TResult> joiner,
    TableJoinKind kind, bool sendOldValues)
    : IProcessor<TKey, Change<TValue>, TKey, Change<TResult>>
{
    private IProcessorContext<TKey, Change<TResult>>? _context;
    private ITableValueGetter<TKey, TOther>? _other;

    public void Init(IProcessorContext<TKey, Change<TResult>> context)
    {
        _context = context;
        _other = other.Get();
        _other.Init(context);
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        if (record.Key is null)
        {
            _context!.DropRecord("null key in a table-table join");
            return;
        }
        Change<TValue> change = record.Value;
        bool found = _other!.TryGet(record.Key, out ValueAndTimestamp<TOther> o);
        long timestamp;
        if (found)
        {
            timestamp = Math.Max(record.Timestamp, o.Timestamp);
        }
        else
        {
            if (kind is TableJoinKind.Inner or TableJoinKind.Right) return;
            if (!change.HasNew && !change.HasOld) return;
            timestamp = record.Timestamp;
        }
        (TResult newValue, bool hasNew) = Join(change.NewValue, change.HasNew, o.Value, found);
        (TResult oldValue, bool hasOld) = sendOldValues ? Join(change.OldValue, change.HasOld, o.Value, found) : (default!, false);
        _context!.Forward(new Record<TKey, Change<TResult>>(record.Key, new Change<TResult>(newValue, hasNew, oldValue, hasOld), timestamp, record.Headers));
    }

    private (TResult, bool) Join(TValue value, bool hasValue, TOther otherValue, bool hasOther)
    {
        bool emit = kind switch
        {
            TableJoinKind.Inner or TableJoinKind.Left => hasValue,
            TableJoinKind.Right => true,
            _ => hasValue || hasOther,
        };
        return emit ? (joiner(value, otherValue), true) : (default!, false);
    }
}

/// <summary>The value getter of an unmaterialized table–table join result: joins the two sides' current values.</summary>
internal sealed class TableTableJoinValueGetter<TKey, TLeft, TRight, TResult>(ITableValueGetter<TKey, TLeft> left, ITableValueGetter<TKey, TRight> right,
    Func<TLeft, TRight, TResult> joiner, bool keepLeftOnly, bool keepRightOnly) : ITableValueGetter<TKey, TResult>
{
    public bool IsVersioned => false;

    public void Init(IProcessingContext context)
    {
        left.Init(context);
        right.Init(context);
    }

    public bool TryGet(TKey key, out ValueAndTimestamp<TResult> value)
    {
        bool hasLeft = left.TryGet(key, out ValueAndTimestamp<TLeft> l);
        bool hasRight = right.TryGet(key, out ValueAndTimestamp<TRight> r);
        if ((hasLeft && hasRight) || (hasLeft && keepLeftOnly) || (hasRight && keepRightOnly))
        {
            TResult result = joiner(l.Value, r.Value);
            if (result is not null)
            {
                value = new ValueAndTimestamp<TResult>(result, Math.Max(hasLeft ? l.Timestamp : -1, hasRight ? r.Timestamp : -1));
                return true;
            }
        }
        value = default;
        return false;
    }

    public bool TryGetAsOf(TKey key, long timestamp, out ValueAndTimestamp<TResult> value) => TryGet(key, out value);
}
