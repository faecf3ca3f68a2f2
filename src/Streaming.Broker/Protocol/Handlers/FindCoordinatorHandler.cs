using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol.Handlers;

/// <summary>FindCoordinator: this node coordinates every group and transactional id (key type 0 group, 1 transaction).</summary>
internal static class FindCoordinatorHandler
{
    public static KafkaResponse Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<FindCoordinatorRequest>(context, body);
        var listener = context.Listener;
        var response = new FindCoordinatorResponse();
        if (context.Version < 4)
        {
            (response.ErrorCode, response.ErrorMessage) = Check(request.Key, request.KeyType);
            if (response.ErrorCode == 0) (response.NodeId, response.Host, response.Port) = (listener.Options.NodeId, listener.AdvertisedHost, listener.AdvertisedPort);
            else response.NodeId = -1;
            return KafkaResponse.Of(context, response);
        }
        foreach (string key in request.CoordinatorKeys)
        {
            var (error, message) = Check(key, request.KeyType);
            response.Coordinators.Add(error == 0
                ? new Coordinator { Key = key, NodeId = listener.Options.NodeId, Host = listener.AdvertisedHost, Port = listener.AdvertisedPort }
                : new Coordinator { Key = key, NodeId = -1, ErrorCode = error, ErrorMessage = message });
        }
        return KafkaResponse.Of(context, response);
    }

    private static (short, string?) Check(string key, sbyte keyType) => keyType switch
    {
        0 or 1 when string.IsNullOrEmpty(key) => ((short)ErrorCode.InvalidRequest, keyType == 0 ? "the group id is empty" : "the transactional id is empty"),
        0 or 1 => (0, null),
        _ => ((short)ErrorCode.InvalidRequest, $"coordinator key type {keyType} is not supported (0 group, 1 transaction)"),
    };
}
