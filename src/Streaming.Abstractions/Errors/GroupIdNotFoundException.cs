namespace Streaming;

/// <summary>No consumer group has that id.</summary>
public sealed class GroupIdNotFoundException(string message, Exception? innerException = null) : StreamingException(ErrorCode.GroupIdNotFound, message, innerException);
