namespace Streaming.Protocol.Messages;

/// <summary>ApiVersions request (key 18), versions 0-4, flexible from 3.</summary>
public sealed class ApiVersionsRequest : IKafkaRequest<ApiVersionsRequest, ApiVersionsResponse>
{
    private const string Name = nameof(ApiVersionsRequest);

    public static ApiKey ApiKey => ApiKey.ApiVersions;

    /// <summary>Client software name; v3+, ignorable.</summary>
    public string ClientSoftwareName { get; set; } = "";

    /// <summary>Client software version; v3+, ignorable.</summary>
    public string ClientSoftwareVersion { get; set; } = "";

    public static ApiVersionsRequest Read(ref ProtocolReader reader, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.ApiVersions, version, Name);
        var message = new ApiVersionsRequest();
        if (version >= 3)
        {
            message.ClientSoftwareName = reader.ReadString(flexible, nameof(ClientSoftwareName));
            message.ClientSoftwareVersion = reader.ReadString(flexible, nameof(ClientSoftwareVersion));
        }

        if (flexible) reader.SkipTaggedFields();
        return message;
    }

    public void Write(ref ProtocolWriter writer, short version)
    {
        bool flexible = ApiVersionTable.Check(ApiKey.ApiVersions, version, Name);
        if (version >= 3)
        {
            writer.WriteString(ClientSoftwareName, flexible, nameof(ClientSoftwareName));
            writer.WriteString(ClientSoftwareVersion, flexible, nameof(ClientSoftwareVersion));
        }

        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
