namespace Streaming.Protocol.Messages;

/// <summary>
/// The header in front of every request body. RequestHeader v0: api key, api version, correlation id; v1 adds the
/// nullable client id (an int16-length string even in v2: the spec exempts it from flexible encoding); v2 adds tagged fields.
/// </summary>
public sealed class RequestHeader
{
    private const string Name = nameof(RequestHeader);

    public ApiKey ApiKey { get; set; }

    public short ApiVersion { get; set; }

    public int CorrelationId { get; set; }

    /// <summary>The client id; null when absent (and always in header v0).</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// Reads a header whose version follows from its own api key and version (<see cref="ApiVersionTable.GetHeaderVersions"/>).
    /// </summary>
    /// <exception cref="ProtocolException">The bytes are truncated or malformed, or the api key is unknown.</exception>
    public static RequestHeader Read(ref ProtocolReader reader)
    {
        var header = new RequestHeader
        {
            ApiKey = (ApiKey)reader.ReadInt16(nameof(ApiKey)),
            ApiVersion = reader.ReadInt16(nameof(ApiVersion)),
        };
        short headerVersion = ApiVersionTable.GetHeaderVersions(header.ApiKey, header.ApiVersion).RequestHeaderVersion;
        header.ReadRest(ref reader, headerVersion);
        return header;
    }

    /// <summary>Reads a header of <paramref name="headerVersion"/> (0 to 2).</summary>
    public static RequestHeader Read(ref ProtocolReader reader, short headerVersion)
    {
        CheckVersion(headerVersion);
        var header = new RequestHeader
        {
            ApiKey = (ApiKey)reader.ReadInt16(nameof(ApiKey)),
            ApiVersion = reader.ReadInt16(nameof(ApiVersion)),
        };
        header.ReadRest(ref reader, headerVersion);
        return header;
    }

    /// <summary>Writes the header at <paramref name="headerVersion"/> (0 to 2).</summary>
    public void Write(ref ProtocolWriter writer, short headerVersion)
    {
        CheckVersion(headerVersion);
        writer.WriteInt16((short)ApiKey);
        writer.WriteInt16(ApiVersion);
        writer.WriteInt32(CorrelationId);
        if (headerVersion >= 1) writer.WriteNullableString(ClientId, nameof(ClientId));
        if (headerVersion >= 2) writer.WriteEmptyTaggedFields();
    }

    private void ReadRest(ref ProtocolReader reader, short headerVersion)
    {
        CorrelationId = reader.ReadInt32(nameof(CorrelationId));
        if (headerVersion >= 1) ClientId = reader.ReadNullableString(nameof(ClientId));
        if (headerVersion >= 2) reader.SkipTaggedFields();
    }

    private static void CheckVersion(short headerVersion)
    {
        if (headerVersion is < 0 or > 2) throw new ProtocolException($"{Name} version {headerVersion} does not exist");
    }
}
