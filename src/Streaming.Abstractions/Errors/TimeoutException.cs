namespace Streaming;

/// <summary>An operation did not finish within its timeout.</summary>
public sealed class TimeoutException(string message, Exception? innerException = null) : RetriableException(ErrorCode.Timeout, message, innerException);
