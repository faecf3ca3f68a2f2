namespace Streaming;

/// <summary>An error that may go away if the call is retried (a timeout, a partition not yet available).</summary>
public class RetriableException(ErrorCode code, string message, Exception? innerException = null)
    : StreamingException(code, message, innerException)
{
    public override bool IsRetriable => true;
}
