namespace Streaming;

/// <summary>The transactional id is unknown to the coordinator, or belongs to another producer id.</summary>
public sealed class InvalidProducerIdMappingException(string message, Exception? innerException = null) : StreamingException(ErrorCode.InvalidProducerIdMapping, message, innerException);
