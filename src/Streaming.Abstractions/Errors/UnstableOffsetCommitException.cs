namespace Streaming;

/// <summary>
/// The partition has offsets committed inside a transaction that has not ended yet, so its committed offset is not known;
/// retry once the transaction commits or aborts (KIP-447).
/// </summary>
public sealed class UnstableOffsetCommitException(string message, Exception? innerException = null) : RetriableException(ErrorCode.UnstableOffsetCommit, message, innerException);
