namespace Streaming;

/// <summary>The coordinator is still completing the producer's previous transaction; retry shortly.</summary>
public sealed class ConcurrentTransactionsException(string message, Exception? innerException = null) : RetriableException(ErrorCode.ConcurrentTransactions, message, innerException);
