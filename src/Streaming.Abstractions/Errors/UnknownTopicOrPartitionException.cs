namespace Streaming;

/// <summary>The topic or partition does not exist (and was not auto-created).</summary>
public sealed class UnknownTopicOrPartitionException(string message, Exception? innerException = null) : RetriableException(ErrorCode.UnknownTopicOrPartition, message, innerException);
