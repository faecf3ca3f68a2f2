namespace Streaming;

/// <summary><c>transaction.timeout.ms</c> is not positive or is larger than the broker's <c>transaction.max.timeout.ms</c>.</summary>
public sealed class InvalidTransactionTimeoutException(string message, Exception? innerException = null) : StreamingException(ErrorCode.InvalidTransactionTimeout, message, innerException);
