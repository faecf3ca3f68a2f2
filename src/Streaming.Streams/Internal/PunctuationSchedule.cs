using Streaming.Streams.Processor;

namespace Streaming.Streams.Internal;

/// <summary>One scheduled punctuation: the next time it is due, its interval and whether it was cancelled.</summary>
internal sealed class PunctuationSchedule(RuntimeNode node, PunctuationType type, long next, long interval, Action<long> punctuator) : ICancellable
{
    public RuntimeNode Node { get; } = node;

    public PunctuationType Type { get; } = type;

    public long Next { get; private set; } = next;

    public Action<long> Punctuator { get; } = punctuator;

    public bool IsCancelled { get; private set; }

    public void Cancel() => IsCancelled = true;

    /// <summary>Moves to the next due time after <paramref name="now"/>; missed intervals are skipped, not replayed (as Kafka).</summary>
    public void Advance(long now)
    {
        long next = Next + interval;
        if (now >= next) next = Next + (((now - Next) / interval) + 1) * interval;
        Next = next;
    }
}
