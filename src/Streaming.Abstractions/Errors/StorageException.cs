namespace Streaming;

/// <summary>The broker's storage failed; the partition is offline until restart.</summary>
public sealed class StorageException(string message, Exception? innerException = null) : FatalException(ErrorCode.KafkaStorageError, message, innerException);
