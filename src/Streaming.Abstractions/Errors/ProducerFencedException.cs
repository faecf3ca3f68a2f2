namespace Streaming;

/// <summary>
/// Another producer instance with the same <c>transactional.id</c> called InitTransactions and took over: this one is a
/// zombie. None of its later writes can become visible; the only thing left to do with it is dispose it.
/// </summary>
public sealed class ProducerFencedException(string message, Exception? innerException = null) : FatalException(ErrorCode.ProducerFenced, message, innerException);
