namespace Streaming.Streams;

/// <summary>
/// An interactive query could not be answered now: the instance is rebalancing, or the store's task is restoring or moving.
/// Retriable: ask again shortly (and check <c>KafkaStreams.QueryMetadataForKey</c> — the key may now live elsewhere).
/// </summary>
public sealed class InvalidStateStoreException(string message, Exception? innerException = null)
    : RetriableException(ErrorCode.InvalidState, message, innerException);

/// <summary>The topology has no store of that name (or not of that type): not retriable.</summary>
public sealed class UnknownStateStoreException(string message, Exception? innerException = null)
    : StreamingException(ErrorCode.InvalidState, message, innerException);
