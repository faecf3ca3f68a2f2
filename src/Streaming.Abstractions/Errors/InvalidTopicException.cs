namespace Streaming;

/// <summary>A topic name is not valid (characters, length, or a reserved name).</summary>
public sealed class InvalidTopicException(string message, Exception? innerException = null) : StreamingException(ErrorCode.InvalidTopic, message, innerException);
