namespace Streaming;

/// <summary>No transaction coordinator state exists for the transactional id.</summary>
public sealed class TransactionalIdNotFoundException(string message, Exception? innerException = null) : StreamingException(ErrorCode.TransactionalIdNotFound, message, innerException);
