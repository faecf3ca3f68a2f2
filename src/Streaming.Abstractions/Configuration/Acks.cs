namespace Streaming;

/// <summary>How many acknowledgements the producer waits for (<c>acks</c>).</summary>
public enum Acks
{
    /// <summary><c>acks=0</c>: the producer does not wait; the record may be lost.</summary>
    None = 0,

    /// <summary><c>acks=1</c>: acknowledged when appended to the log (in the OS page cache; lost on power failure).</summary>
    Leader = 1,

    /// <summary>
    /// <c>acks=all</c> (-1): on the embedded broker, acknowledged after the append is fsynced (group commit). On a Kafka
    /// cluster it means "replicated to the in-sync replicas", which does not fsync by default.
    /// </summary>
    All = -1,
}
