namespace Streaming;

/// <summary>A record or batch is larger than <c>max.message.bytes</c> / <c>max.request.size</c> allow.</summary>
public sealed class RecordTooLargeException(string message, Exception? innerException = null) : StreamingException(ErrorCode.MessageTooLarge, message, innerException);
