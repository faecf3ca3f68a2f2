namespace Streaming.Broker.Log;

/// <summary>Waits for a partition's appends up to some offset to become durable (acks=all).</summary>
internal interface IFlushWaiter
{
    /// <summary>Called on the committer's thread once the offset is durable, or with the error that stopped it.</summary>
    void OnFlushed(StreamingException? error);
}
