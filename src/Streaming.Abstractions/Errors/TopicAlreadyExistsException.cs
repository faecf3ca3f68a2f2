namespace Streaming;

/// <summary>A topic with that name exists already.</summary>
public sealed class TopicAlreadyExistsException(string message, Exception? innerException = null) : StreamingException(ErrorCode.TopicAlreadyExists, message, innerException);
