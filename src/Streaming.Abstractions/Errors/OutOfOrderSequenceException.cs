namespace Streaming;

/// <summary>
/// The broker received a batch from an idempotent producer whose sequence number does not follow the last one it has
/// (a gap, or a new epoch not starting at 0): an earlier batch was lost, and order can no longer be guaranteed.
/// </summary>
public sealed class OutOfOrderSequenceException(string message, Exception? innerException = null) : StreamingException(ErrorCode.OutOfOrderSequenceNumber, message, innerException);
