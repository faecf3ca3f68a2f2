namespace Streaming;

/// <summary>Another broker (or process) holds the data directory's lock.</summary>
public sealed class DataDirectoryLockedException(string message, Exception? innerException = null) : FatalException(ErrorCode.DataDirectoryLocked, message, innerException);
