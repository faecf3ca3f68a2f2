namespace Streaming;

/// <summary>A call does not fit the client's state (for example, seeking a partition that is not assigned).</summary>
public sealed class InvalidStateException(string message, Exception? innerException = null) : StreamingException(ErrorCode.InvalidState, message, innerException);
