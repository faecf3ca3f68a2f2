namespace Streaming;

/// <summary>The feature is not available on this transport or not built yet.</summary>
public sealed class FeatureNotSupportedException(string message, Exception? innerException = null) : StreamingException(ErrorCode.NotSupported, message, innerException);
