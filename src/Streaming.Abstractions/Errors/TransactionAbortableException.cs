namespace Streaming;

/// <summary>
/// Something inside the open transaction failed (a send, an offset commit refused by a rebalance): it can no longer commit.
/// Abort it, and process again from the last committed offsets.
/// </summary>
public sealed class TransactionAbortableException(string message, Exception? innerException = null) : StreamingException(ErrorCode.TransactionAbortable, message, innerException);
