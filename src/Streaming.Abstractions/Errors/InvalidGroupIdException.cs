namespace Streaming;

/// <summary>A consumer group id is empty or otherwise not allowed.</summary>
public sealed class InvalidGroupIdException(string message, Exception? innerException = null) : StreamingException(ErrorCode.InvalidGroupId, message, innerException);
