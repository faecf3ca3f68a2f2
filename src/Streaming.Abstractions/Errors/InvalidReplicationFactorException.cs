namespace Streaming;

/// <summary>A replication factor this cluster cannot provide.</summary>
public sealed class InvalidReplicationFactorException(string message, Exception? innerException = null) : StreamingException(ErrorCode.InvalidReplicationFactor, message, innerException);
