namespace Streaming;

/// <summary>
/// A transactional call does not fit the transaction's state: producing outside a transaction, committing without
/// beginning one, beginning one while another is open, a non-transactional batch in the middle of a transaction.
/// </summary>
public sealed class InvalidTxnStateException(string message, Exception? innerException = null) : StreamingException(ErrorCode.InvalidTxnState, message, innerException);
