namespace Streaming;

/// <summary>No topic has the topic id a request named (Metadata v10+, Fetch v13+, DeleteTopics v6+ name topics by id).</summary>
public sealed class UnknownTopicIdException(string message, Exception? innerException = null) : RetriableException(ErrorCode.UnknownTopicId, message, innerException);
