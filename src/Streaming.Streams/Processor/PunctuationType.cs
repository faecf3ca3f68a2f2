namespace Streaming.Streams.Processor;

/// <summary>What drives a scheduled punctuation.</summary>
public enum PunctuationType
{
    /// <summary>Event time: fires when the task's stream time (the highest record timestamp seen) reaches the next interval.</summary>
    StreamTime,

    /// <summary>The clock: fires when the wall-clock time reaches the next interval.</summary>
    WallClockTime,
}
