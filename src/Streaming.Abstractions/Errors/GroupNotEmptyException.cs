namespace Streaming;

/// <summary>The operation needs a group without active members (delete, offset reset), but the group has some.</summary>
public sealed class GroupNotEmptyException(string message, Exception? innerException = null) : StreamingException(ErrorCode.NonEmptyGroup, message, innerException);
