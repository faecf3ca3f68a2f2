namespace Streaming;

/// <summary>The group is rebalancing; rejoin and try again.</summary>
public sealed class RebalanceInProgressException(string message, Exception? innerException = null) : RetriableException(ErrorCode.RebalanceInProgress, message, innerException);
