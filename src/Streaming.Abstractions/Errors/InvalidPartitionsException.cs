namespace Streaming;

/// <summary>A partition count is not valid (zero, negative, or lower than the current count).</summary>
public sealed class InvalidPartitionsException(string message, Exception? innerException = null) : StreamingException(ErrorCode.InvalidPartitions, message, innerException);
