namespace Streaming;

/// <summary>A fetch offset lies below the log start or past the log end, and no <c>auto.offset.reset</c> applies.</summary>
public sealed class OffsetOutOfRangeException(string message, Exception? innerException = null) : StreamingException(ErrorCode.OffsetOutOfRange, message, innerException);
