namespace Streaming.Streams;

/// <summary>
/// Windows defined by the records themselves (Kafka's <c>SlidingWindows</c>): every distinct set of records of one key whose
/// timestamps are at most the time difference apart gets one window [start, start + difference], both ends inclusive. Each
/// record creates its left window [t - difference, t] and, when later records fall after it, its right window
/// [t + 1, t + 1 + difference]; results carry the window as a time window of that size.
/// </summary>
public sealed class SlidingWindows
{
    private SlidingWindows(long differenceMs, long graceMs)
    {
        TimeDifferenceMs = differenceMs;
        GracePeriodMs = graceMs;
    }

    /// <summary>The maximum time difference between records of one window (also the window size) in ms.</summary>
    public long TimeDifferenceMs { get; }

    /// <summary>How long after its end a window still accepts out-of-order records.</summary>
    public long GracePeriodMs { get; }

    /// <summary>Sliding windows of <paramref name="timeDifference"/> that accept records until <paramref name="grace"/> after their end.</summary>
    public static SlidingWindows OfTimeDifferenceAndGrace(TimeSpan timeDifference, TimeSpan grace)
        => new(WindowArgs.Milliseconds(timeDifference, nameof(timeDifference), positive: true), WindowArgs.Milliseconds(grace, nameof(grace), positive: false));

    /// <summary>Sliding windows of <paramref name="timeDifference"/> that close at their end.</summary>
    public static SlidingWindows OfTimeDifferenceWithNoGrace(TimeSpan timeDifference) => OfTimeDifferenceAndGrace(timeDifference, TimeSpan.Zero);
}
