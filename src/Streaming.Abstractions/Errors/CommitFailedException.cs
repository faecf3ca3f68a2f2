namespace Streaming;

/// <summary>An offset commit was refused because the group moved on (rebalance, eviction): the partitions may belong to another member now.</summary>
public sealed class CommitFailedException(string message, Exception? innerException = null) : StreamingException(ErrorCode.CommitFailed, message, innerException);
