namespace Streaming.Streams;

internal static class WindowArgs
{
    /// <summary>A duration as whole ms, checked: negative never, zero only when not <paramref name="positive"/>.</summary>
    public static long Milliseconds(TimeSpan value, string name, bool positive)
    {
        long ms = (long)value.TotalMilliseconds;
        if (ms < 0 || (positive && ms == 0))
            throw new ArgumentOutOfRangeException(name, value, positive ? $"{name} must be positive" : $"{name} must not be negative");
        return ms;
    }
}
