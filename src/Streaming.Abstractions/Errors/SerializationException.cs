namespace Streaming;

/// <summary>A key or value could not be serialized or deserialized.</summary>
public sealed class SerializationException(string message, Exception? innerException = null) : StreamingException(ErrorCode.Serialization, message, innerException);
