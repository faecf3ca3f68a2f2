namespace Streaming.Hosting;

/// <summary>What happens to a record whose handler still fails after the resilience pipeline gave up. Never a silent skip.</summary>
public enum ProcessingFailureAction
{
    /// <summary>The record goes to <c>&lt;topic&gt;.dlq</c> with error headers (<see cref="DeadLetterHeaders"/>), then processing goes on. The default.</summary>
    DeadLetter = 0,

    /// <summary>The consumer stops without committing the record (and, with <see cref="StreamingOptions.StopHostOnFatalError"/>, the host stops).</summary>
    StopConsumer = 1,
}
