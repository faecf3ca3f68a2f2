namespace Streaming;

/// <summary>The record was never written: the transaction it was produced in was aborted before it was sent.</summary>
public sealed class TransactionAbortedException(string message, Exception? innerException = null) : StreamingException(ErrorCode.TransactionAborted, message, innerException);
