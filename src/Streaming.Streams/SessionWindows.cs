namespace Streaming.Streams;

/// <summary>
/// Sessions of activity per key (Kafka's <c>SessionWindows</c>): records less than the inactivity gap apart (gap inclusive)
/// belong to one session [first record, last record]; a record that falls within the gap of two sessions merges them.
/// A session closes when stream time passes its end plus the grace period.
/// </summary>
public sealed class SessionWindows
{
    private SessionWindows(long gapMs, long graceMs)
    {
        InactivityGapMs = gapMs;
        GracePeriodMs = graceMs;
    }

    /// <summary>The longest pause between two records of one session in ms.</summary>
    public long InactivityGapMs { get; }

    /// <summary>How long after its end a session still accepts out-of-order records.</summary>
    public long GracePeriodMs { get; }

    /// <summary>Sessions with <paramref name="inactivityGap"/> that accept records until <paramref name="grace"/> after their end.</summary>
    public static SessionWindows OfInactivityGapAndGrace(TimeSpan inactivityGap, TimeSpan grace)
        => new(WindowArgs.Milliseconds(inactivityGap, nameof(inactivityGap), positive: true), WindowArgs.Milliseconds(grace, nameof(grace), positive: false));

    /// <summary>Sessions with <paramref name="inactivityGap"/> that close at their end.</summary>
    public static SessionWindows OfInactivityGapWithNoGrace(TimeSpan inactivityGap) => OfInactivityGapAndGrace(inactivityGap, TimeSpan.Zero);
}
