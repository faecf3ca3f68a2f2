namespace Streaming;

/// <summary>A member's protocol type or assignors share nothing with the group's.</summary>
public sealed class InconsistentGroupProtocolException(string message, Exception? innerException = null) : StreamingException(ErrorCode.InconsistentGroupProtocol, message, innerException);
