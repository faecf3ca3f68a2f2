namespace Streaming.Streams;

/// <summary>
/// The time bounds of a stream-stream join (Kafka's <c>JoinWindows</c>): a left record at t joins the right records of its key
/// with timestamps in [t - before, t + after]. Left and outer joins emit a record without a partner only once its window has
/// closed: stream time past its timestamp plus the window (after for left records, before for right ones) plus the grace.
/// </summary>
public sealed class JoinWindows
{
    private JoinWindows(long beforeMs, long afterMs, long graceMs)
    {
        if (beforeMs + afterMs < 0)
            throw new ArgumentOutOfRangeException(nameof(beforeMs), $"the join window must not be empty: before ({beforeMs} ms) + after ({afterMs} ms) < 0");
        BeforeMs = beforeMs;
        AfterMs = afterMs;
        GracePeriodMs = graceMs;
    }

    /// <summary>How far before a left record's timestamp right records join it.</summary>
    public long BeforeMs { get; }

    /// <summary>How far after a left record's timestamp right records join it.</summary>
    public long AfterMs { get; }

    /// <summary>How long after a window's end records are still accepted.</summary>
    public long GracePeriodMs { get; }

    /// <summary>The window's size: before + after.</summary>
    public long SizeMs => BeforeMs + AfterMs;

    /// <summary>Records join when their timestamps differ by at most <paramref name="timeDifference"/>, with a grace period.</summary>
    public static JoinWindows OfTimeDifferenceAndGrace(TimeSpan timeDifference, TimeSpan grace)
    {
        long ms = WindowArgs.Milliseconds(timeDifference, nameof(timeDifference), positive: false);
        return new JoinWindows(ms, ms, WindowArgs.Milliseconds(grace, nameof(grace), positive: false));
    }

    /// <summary>Records join when their timestamps differ by at most <paramref name="timeDifference"/>; no grace.</summary>
    public static JoinWindows OfTimeDifferenceWithNoGrace(TimeSpan timeDifference) => OfTimeDifferenceAndGrace(timeDifference, TimeSpan.Zero);

    /// <summary>These windows with <paramref name="timeDifference"/> before a left record (may be negative to shift the window).</summary>
    public JoinWindows Before(TimeSpan timeDifference) => new((long)timeDifference.TotalMilliseconds, AfterMs, GracePeriodMs);

    /// <summary>These windows with <paramref name="timeDifference"/> after a left record (may be negative to shift the window).</summary>
    public JoinWindows After(TimeSpan timeDifference) => new(BeforeMs, (long)timeDifference.TotalMilliseconds, GracePeriodMs);
}
