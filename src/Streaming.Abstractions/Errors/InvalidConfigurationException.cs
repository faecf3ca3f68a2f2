namespace Streaming;

/// <summary>A configuration value is missing, malformed or out of range.</summary>
public sealed class InvalidConfigurationException(string message, Exception? innerException = null) : StreamingException(ErrorCode.InvalidConfig, message, innerException);
