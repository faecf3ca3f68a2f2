namespace Streaming.Streams;

/// <summary>A topology is invalid: raised when it is built or when a task starts.</summary>
public sealed class TopologyException(string message, Exception? innerException = null)
    : StreamingException(ErrorCode.InvalidConfig, "Invalid topology: " + message, innerException);
