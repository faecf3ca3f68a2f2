namespace Streaming;

/// <summary>An error after which the client or broker that raised it cannot continue (a storage failure, a lost lock).</summary>
public class FatalException(ErrorCode code, string message, Exception? innerException = null)
    : StreamingException(code, message, innerException)
{
    public override bool IsFatal => true;
}
