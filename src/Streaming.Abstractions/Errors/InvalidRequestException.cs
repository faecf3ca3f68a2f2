namespace Streaming;

/// <summary>A request is malformed or asks for something that makes no sense (for example acks=2).</summary>
public sealed class InvalidRequestException(string message, Exception? innerException = null) : StreamingException(ErrorCode.InvalidRequest, message, innerException);
