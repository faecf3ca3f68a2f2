namespace Streaming.Streams;

/// <summary>
/// Fixed-size windows aligned to the epoch (Kafka's <c>TimeWindows</c>): tumbling when the advance equals the size, hopping
/// (overlapping) when it is smaller. A record at t belongs to every window [start, start + size) with start ≤ t &lt; start + size
/// and start a multiple of the advance. A window closes when stream time reaches its end plus the grace period; later records
/// for it are dropped (logged and counted).
/// </summary>
public sealed class TimeWindows
{
    private TimeWindows(long sizeMs, long advanceMs, long graceMs)
    {
        SizeMs = sizeMs;
        AdvanceMs = advanceMs;
        GracePeriodMs = graceMs;
    }

    /// <summary>The window size in ms.</summary>
    public long SizeMs { get; }

    /// <summary>The distance between consecutive window starts in ms (the size for tumbling windows).</summary>
    public long AdvanceMs { get; }

    /// <summary>How long after its end a window still accepts out-of-order records.</summary>
    public long GracePeriodMs { get; }

    /// <summary>Tumbling windows of <paramref name="size"/> that close at their end.</summary>
    public static TimeWindows OfSizeWithNoGrace(TimeSpan size) => OfSizeAndGrace(size, TimeSpan.Zero);

    /// <summary>Tumbling windows of <paramref name="size"/> that accept records until <paramref name="grace"/> after their end.</summary>
    public static TimeWindows OfSizeAndGrace(TimeSpan size, TimeSpan grace)
    {
        long sizeMs = WindowArgs.Milliseconds(size, nameof(size), positive: true);
        return new TimeWindows(sizeMs, sizeMs, WindowArgs.Milliseconds(grace, nameof(grace), positive: false));
    }

    /// <summary>Hopping windows: a new window starts every <paramref name="advance"/> (0 &lt; advance ≤ size).</summary>
    public TimeWindows AdvanceBy(TimeSpan advance)
    {
        long advanceMs = WindowArgs.Milliseconds(advance, nameof(advance), positive: true);
        if (advanceMs > SizeMs)
            throw new ArgumentOutOfRangeException(nameof(advance), advance, $"the advance ({advanceMs} ms) must not be larger than the window size ({SizeMs} ms)");
        return new TimeWindows(SizeMs, advanceMs, GracePeriodMs);
    }

    /// <summary>The starts of the windows <paramref name="timestamp"/> falls into, oldest first.</summary>
    internal long FirstWindowStart(long timestamp) => Math.Max(0, timestamp - SizeMs + AdvanceMs) / AdvanceMs * AdvanceMs;
}
