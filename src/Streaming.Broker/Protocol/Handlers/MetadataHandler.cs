using Streaming.Broker.Topics;
using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol.Handlers;

/// <summary>
/// Metadata: this single node as the only broker and controller, and the topics asked for (all of them when none are
/// named), each partition led by this node with it as the one replica. Unknown topics are auto-created when both the
/// broker (<c>auto.create.topics.enable</c>) and the request allow it.
/// </summary>
internal static class MetadataHandler
{
    public static KafkaResponse Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<MetadataRequest>(context, body);
        var broker = context.Broker;
        var listener = context.Listener;
        int nodeId = listener.Options.NodeId;
        var response = new MetadataResponse
        {
            Brokers = [new MetadataResponseBroker { NodeId = nodeId, Host = listener.AdvertisedHost, Port = listener.AdvertisedPort }],
            ClusterId = broker.ClusterId,
            ControllerId = nodeId,
        };
        // v0 asks for every topic with an empty list; later versions with null.
        bool all = request.Topics is null || (context.Version == 0 && request.Topics.Count == 0);
        if (all)
        {
            foreach (var topic in broker.Topics.All.OrderBy(t => t.Name, StringComparer.Ordinal)) response.Topics.Add(Describe(topic, nodeId));
            return KafkaResponse.Of(context, response);
        }
        bool autoCreate = broker.Options.AutoCreateTopics && (context.Version < 4 || request.AllowAutoTopicCreation);
        foreach (var requested in request.Topics!)
        {
            Topic? topic = null;
            try
            {
                if (requested.Name is null)
                {
                    topic = broker.Topics.All.FirstOrDefault(t => t.Id == requested.TopicId)
                            ?? throw new UnknownTopicIdException($"no topic has id {requested.TopicId}");
                }
                else
                {
                    TopicNames.Validate(requested.Name);
                    topic = broker.Topics.GetOrCreate(requested.Name, autoCreate && !TopicNames.IsInternal(requested.Name), broker.Options.DefaultPartitions);
                }
                response.Topics.Add(Describe(topic, nodeId));
            }
            catch (StreamingException ex)
            {
                response.Topics.Add(new MetadataResponseTopic { Name = requested.Name, TopicId = requested.TopicId, ErrorCode = ErrorCodes.From(ex) });
            }
        }
        return KafkaResponse.Of(context, response);
    }

    private static MetadataResponseTopic Describe(Topic topic, int nodeId)
    {
        var partitions = topic.Partitions;
        var result = new MetadataResponseTopic { Name = topic.Name, TopicId = topic.Id, IsInternal = TopicNames.IsInternal(topic.Name) };
        for (int p = 0; p < partitions.Length; p++)
            result.Partitions.Add(new MetadataResponsePartition { PartitionIndex = p, LeaderId = nodeId, LeaderEpoch = 0, ReplicaNodes = [nodeId], IsrNodes = [nodeId] });
        return result;
    }
}
