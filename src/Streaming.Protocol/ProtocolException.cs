namespace Streaming.Protocol;

/// <summary>Bytes that claim to be a Kafka protocol message are truncated or malformed.</summary>
public sealed class ProtocolException : Exception
{
    /// <summary>Creates the exception with a message saying what was wrong and where.</summary>
    public ProtocolException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    public ProtocolException(string message, Exception innerException) : base(message, innerException) { }
}
