namespace Streaming;

/// <summary>Where a consumer starts when it has no valid position (<c>auto.offset.reset</c>).</summary>
public enum AutoOffsetReset
{
    /// <summary>The log end: only new records.</summary>
    Latest = 0,

    /// <summary>The log start: everything retained.</summary>
    Earliest = 1,

    /// <summary>Fail with <see cref="OffsetOutOfRangeException"/>.</summary>
    Error = 2,
}
