namespace Streaming.Streams.Processor;

/// <summary>A handle to a scheduled punctuation.</summary>
public interface ICancellable
{
    /// <summary>Stops the punctuation; it never fires again.</summary>
    void Cancel();
}
