namespace Streaming.Protocol.Records;

/// <summary>Bytes that claim to be a record batch or record are not well-formed.</summary>
public sealed class CorruptRecordException : Exception
{
    public CorruptRecordException(string message) : base(message) { }
}
