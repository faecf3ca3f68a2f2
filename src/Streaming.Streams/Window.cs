namespace Streaming.Streams;

/// <summary>
/// A window of event time in Unix ms, as Kafka's <c>Window</c>: time windows are [Start, End) (End exclusive), sliding windows
/// [Start, End] and session windows [Start, End] (both inclusive: a session's End is its last record's timestamp).
/// </summary>
public readonly record struct Window(long Start, long End)
{
    public override string ToString() => $"[{Start},{End}]";
}
