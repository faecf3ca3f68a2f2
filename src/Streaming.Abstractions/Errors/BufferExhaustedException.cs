namespace Streaming;

/// <summary>The producer's <c>buffer.memory</c> stayed full for <c>max.block.ms</c>.</summary>
public sealed class BufferExhaustedException(string message, Exception? innerException = null) : RetriableException(ErrorCode.BufferExhausted, message, innerException);
