namespace Streaming;

/// <summary>The broker refused a record that breaks a rule of its topic (for example a null key on a compacted topic); retrying cannot help.</summary>
public sealed class InvalidRecordException(string message, Exception? innerException = null) : StreamingException(ErrorCode.InvalidRecord, message, innerException);
