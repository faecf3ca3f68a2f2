namespace Streaming;

/// <summary>
/// A batch carried a producer epoch older than the one the broker has seen for that producer id: another producer
/// instance with a newer epoch took over, and this one is fenced.
/// </summary>
public sealed class InvalidProducerEpochException(string message, Exception? innerException = null) : StreamingException(ErrorCode.InvalidProducerEpoch, message, innerException);
