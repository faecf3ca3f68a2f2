namespace Streaming.Streams;

/// <summary>Processing failed (a processor threw, a timestamp was invalid, a store was misused).</summary>
public sealed class StreamsException(string message, Exception? innerException = null)
    : StreamingException(ErrorCode.UnknownServerError, message, innerException);
