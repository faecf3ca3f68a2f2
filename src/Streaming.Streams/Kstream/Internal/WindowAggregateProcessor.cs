using Streaming.Streams.Internal;
using Streaming.Streams.Processor;
using Streaming.Streams.State;

namespace Streaming.Streams.Kstream.Internal;

/// <summary>
/// What the windowed aggregations share: the store (window or session) and its cache-aware forwarder, dropping records
/// with a null key or value, and the stream time this processor has observed, from which a window's close time follows.
/// </summary>
internal abstract class WindowAggregateProcessor<TKey, TValue, TAgg, TStore>(string name, string storeName, long gracePeriodMs, bool sendOldValues)
    : IProcessor<TKey, TValue, Windowed<TKey>, Change<TAgg>>
    where TStore : class, IStateStore
{
    protected string Name { get; } = name;

    protected IProcessorContext<Windowed<TKey>, Change<TAgg>> Context { get; private set; } = null!;

    protected TStore Store { get; private set; } = null!;

    protected WindowedForwarder<TKey, TAgg> Forwarder { get; private set; } = null!;

    /// <summary>The highest record timestamp this processor has seen (-1 before the first).</summary>
    protected long ObservedStreamTime { get; private set; } = -1;

    public void Init(IProcessorContext<Windowed<TKey>, Change<TAgg>> context)
    {
        Context = context;
        Store = context.GetStateStore<TStore>(storeName);
        Forwarder = new WindowedForwarder<TKey, TAgg>(context, sendOldValues);
        Listen(Forwarder, Store);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.ValueIsNull)
        {
            DroppedRecords.NullKeyOrValue(Context, Name);
            return;
        }
        ObservedStreamTime = Math.Max(ObservedStreamTime, record.Timestamp);
        Aggregate(record, closeTime: ObservedStreamTime - gracePeriodMs);
    }

    /// <summary>Connects the forwarder to the store's cache flushes.</summary>
    protected abstract void Listen(WindowedForwarder<TKey, TAgg> forwarder, TStore store);

    /// <summary>Folds a record with a key and a value into its windows; windows ending at or before <paramref name="closeTime"/> are closed.</summary>
    protected abstract void Aggregate(Record<TKey, TValue> record, long closeTime);

    /// <summary>Drops, logs and counts a record whose window has closed.</summary>
    protected void DropExpired(long timestamp, long start, long end, long closeTime)
        => DroppedRecords.ExpiredWindow(Context, Name, timestamp, start, end, closeTime, ObservedStreamTime);
}
