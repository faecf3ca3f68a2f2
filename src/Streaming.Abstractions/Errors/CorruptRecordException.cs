namespace Streaming;

/// <summary>Stored or received bytes failed their CRC or are malformed; the batch was not served.</summary>
public sealed class CorruptRecordException(string message, Exception? innerException = null) : RetriableException(ErrorCode.CorruptMessage, message, innerException);
