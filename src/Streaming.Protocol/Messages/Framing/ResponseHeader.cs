namespace Streaming.Protocol.Messages;

/// <summary>The header in front of every response body. ResponseHeader v0: correlation id; v1 adds tagged fields.</summary>
public sealed class ResponseHeader
{
    public int CorrelationId { get; set; }

    /// <summary>Reads a header of <paramref name="headerVersion"/> (0 or 1).</summary>
    public static ResponseHeader Read(ref ProtocolReader reader, short headerVersion)
    {
        CheckVersion(headerVersion);
        var header = new ResponseHeader { CorrelationId = reader.ReadInt32(nameof(CorrelationId)) };
        if (headerVersion >= 1) reader.SkipTaggedFields();
        return header;
    }

    /// <summary>Writes the header at <paramref name="headerVersion"/> (0 or 1).</summary>
    public void Write(ref ProtocolWriter writer, short headerVersion)
    {
        CheckVersion(headerVersion);
        writer.WriteInt32(CorrelationId);
        if (headerVersion >= 1) writer.WriteEmptyTaggedFields();
    }

    private static void CheckVersion(short headerVersion)
    {
        if (headerVersion is < 0 or > 1) throw new ProtocolException($"{nameof(ResponseHeader)} version {headerVersion} does not exist");
    }
}
