namespace Streaming;

/// <summary>session.timeout.ms is outside what the broker allows (group.min/max.session.timeout.ms).</summary>
public sealed class InvalidSessionTimeoutException(string message, Exception? innerException = null) : StreamingException(ErrorCode.InvalidSessionTimeout, message, innerException);
