namespace Streaming;

/// <summary>The base of every error the framework raises; <see cref="Code"/> maps to Kafka's where one exists.</summary>
public class StreamingException : Exception
{
    public StreamingException(ErrorCode code, string message, Exception? innerException = null) : base(message, innerException)
        => Code = code;

    /// <summary>The error code.</summary>
    public ErrorCode Code { get; }

    /// <summary>True when the same call may succeed if retried.</summary>
    public virtual bool IsRetriable => false;

    /// <summary>True when the client that raised it can no longer be used.</summary>
    public virtual bool IsFatal => false;
}
