using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol.Handlers;

/// <summary>DescribeCluster: one broker, which is also the controller.</summary>
internal static class DescribeClusterHandler
{
    public static KafkaResponse Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<DescribeClusterRequest>(context, body);
        var listener = context.Listener;
        var response = new DescribeClusterResponse
        {
            ClusterId = context.Broker.ClusterId,
            ControllerId = listener.Options.NodeId,
            EndpointType = request.EndpointType,
            Brokers = [new DescribeClusterBroker { BrokerId = listener.Options.NodeId, Host = listener.AdvertisedHost, Port = listener.AdvertisedPort }],
        };
        if (request.EndpointType is not 1)
        {
            response.ErrorCode = (short)ErrorCode.InvalidRequest; // 2 (controllers) is for KRaft controllers, which this broker has none of
            response.ErrorMessage = $"endpoint type {request.EndpointType} is not supported: only brokers (1)";
        }
        return KafkaResponse.Of(context, response);
    }
}
