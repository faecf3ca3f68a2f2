using Streaming.Protocol;
using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol.Handlers;

/// <summary>ApiVersions: the APIs and version ranges this broker implements.</summary>
internal static class ApiVersionsHandler
{
    private const short UnsupportedVersion = 35;

    public static KafkaResponse Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var response = new ApiVersionsResponse
        {
            ApiKeys = [.. KafkaApis.Advertised.Select(r => new ApiVersionsResponseKey { ApiKey = (short)r.ApiKey, MinVersion = r.MinVersion, MaxVersion = r.MaxVersion })],
        };
        if (!ApiVersionTable.IsSupported(ApiKey.ApiVersions, context.Version))
        {
            // A client newer than us: answer at v0 with UNSUPPORTED_VERSION and our ranges, so it can pick a version (KIP-511).
            response.ErrorCode = UnsupportedVersion;
            return KafkaResponse.Of(context, response, version: 0);
        }
        try
        {
            RequestDecoder.Decode<ApiVersionsRequest>(context, body);
        }
        catch (ProtocolException)
        {
            response.ErrorCode = (short)ErrorCode.InvalidRequest;
        }
        return KafkaResponse.Of(context, response);
    }
}
