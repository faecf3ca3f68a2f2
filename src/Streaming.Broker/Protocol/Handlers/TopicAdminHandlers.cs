using Streaming.Broker.Topics;
using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol.Handlers;

/// <summary>CreateTopics, DeleteTopics, CreatePartitions and DeleteRecords.</summary>
internal static class TopicAdminHandlers
{
    public static KafkaResponse CreateTopics(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<CreateTopicsRequest>(context, body);
        var broker = context.Broker;
        var response = new CreateTopicsResponse();
        foreach (var topic in request.Topics)
        {
            var result = new CreatableTopicResult { Name = topic.Name };
            response.Topics.Add(result);
            try
            {
                if (topic.ReplicationFactor is > 1)
                    throw new InvalidReplicationFactorException($"replication factor {topic.ReplicationFactor} for topic '{topic.Name}': this broker is a single node, so only 1 is possible; for replicated topics run on a Kafka cluster through the Kafka transport (Streaming.Kafka)");
                if (topic.ReplicationFactor is 0 or < -1)
                    throw new InvalidReplicationFactorException($"replication factor {topic.ReplicationFactor} for topic '{topic.Name}' is invalid: use 1 or -1 (the broker default)");
                if (topic.Assignments.Count > 0 && topic.Assignments.Any(a => a.BrokerIds.Any(id => id != context.Listener.Options.NodeId)))
                    throw new StreamingException(ErrorCode.InvalidReplicaAssignment, $"the replica assignment of topic '{topic.Name}' names brokers other than this one ({context.Listener.Options.NodeId})");
                int partitions = topic.NumPartitions == -1 ? (topic.Assignments.Count > 0 ? topic.Assignments.Count : broker.Options.DefaultPartitions) : topic.NumPartitions;
                var configs = topic.Configs.ToDictionary(c => c.Name, c => c.Value ?? throw new InvalidConfigurationException($"config '{c.Name}' of topic '{topic.Name}' has no value"), StringComparer.Ordinal);
                if (request.ValidateOnly)
                {
                    TopicNames.Validate(topic.Name);
                    if (broker.Topics.TryGet(topic.Name, out _)) throw new TopicAlreadyExistsException($"topic '{topic.Name}' already exists");
                    if (partitions is <= 0 or > TopicManager.MaxPartitions) throw new InvalidPartitionsException($"topic '{topic.Name}': {partitions} partitions is out of range");
                    Log.TopicConfig.Parse(configs, broker.Options.DefaultTopicConfigs.AsReadOnly());
                    Describe(result, context.Version, null, partitions, broker, topic.Name, configs);
                    continue;
                }
                var created = broker.Topics.Create(topic.Name, partitions, configs);
                Describe(result, context.Version, created.Id, partitions, broker, topic.Name, null);
            }
            catch (StreamingException ex)
            {
                result.ErrorCode = ErrorCodes.From(ex);
                result.ErrorMessage = ex.Message;
            }
        }
        return KafkaResponse.Of(context, response);
    }

    private static void Describe(CreatableTopicResult result, short version, Guid? id, int partitions, EmbeddedBroker broker, string topic,
        Dictionary<string, string>? pendingConfigs)
    {
        if (version < 5) return;
        result.TopicId = id ?? Guid.Empty;
        result.NumPartitions = partitions;
        result.ReplicationFactor = 1;
        var entries = pendingConfigs is null
            ? broker.Topics.DescribeConfigs(topic)
            : Log.TopicConfig.Parse(pendingConfigs, broker.Options.DefaultTopicConfigs.AsReadOnly()).Describe(broker.Options.DefaultTopicConfigs.AsReadOnly());
        result.Configs = [.. entries.Select(e => new CreatableTopicConfigs
        {
            Name = e.Name,
            Value = e.Value,
            ConfigSource = e.IsDefault ? (sbyte)5 : (sbyte)1, // DEFAULT_CONFIG or DYNAMIC_TOPIC_CONFIG
        })];
    }

    public static KafkaResponse DeleteTopics(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<DeleteTopicsRequest>(context, body);
        var topics = context.Broker.Topics;
        var response = new DeleteTopicsResponse();
        var targets = context.Version >= 6
            ? request.Topics.Select(t => (t.Name, t.TopicId))
            : request.TopicNames.Select(n => ((string?)n, Guid.Empty));
        foreach (var (name, id) in targets)
        {
            var result = new DeletableTopicResult { Name = name, TopicId = id };
            response.Responses.Add(result);
            try
            {
                string resolved = name ?? topics.All.FirstOrDefault(t => t.Id == id)?.Name ?? throw new UnknownTopicIdException($"no topic has id {id}");
                if (TopicNames.IsInternal(resolved)) throw new InvalidTopicException($"topic '{resolved}' is internal and cannot be deleted");
                result.Name = resolved;
                if (context.Version >= 6) result.TopicId = topics.Get(resolved).Id;
                topics.Delete(resolved);
            }
            catch (StreamingException ex)
            {
                result.ErrorCode = ErrorCodes.From(ex);
                if (context.Version >= 5) result.ErrorMessage = ex.Message;
            }
        }
        return KafkaResponse.Of(context, response);
    }

    public static KafkaResponse CreatePartitions(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<CreatePartitionsRequest>(context, body);
        var response = new CreatePartitionsResponse();
        foreach (var topic in request.Topics)
        {
            var result = new CreatePartitionsTopicResult { Name = topic.Name };
            response.Results.Add(result);
            try
            {
                var existing = context.Broker.Topics.Get(topic.Name);
                if (topic.Count <= existing.Partitions.Length)
                    throw new InvalidPartitionsException($"topic '{topic.Name}' has {existing.Partitions.Length} partitions; the new count {topic.Count} must be larger (partitions are never removed)");
                if (!request.ValidateOnly) context.Broker.Topics.AddPartitions(topic.Name, topic.Count);
            }
            catch (StreamingException ex)
            {
                result.ErrorCode = ErrorCodes.From(ex);
                result.ErrorMessage = ex.Message;
            }
        }
        return KafkaResponse.Of(context, response);
    }

    public static KafkaResponse DeleteRecords(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<DeleteRecordsRequest>(context, body);
        var response = new DeleteRecordsResponse();
        foreach (var topic in request.Topics)
        {
            var topicResult = new DeleteRecordsTopicResult { Name = topic.Name };
            response.Topics.Add(topicResult);
            foreach (var partition in topic.Partitions)
            {
                var result = new DeleteRecordsPartitionResult { PartitionIndex = partition.PartitionIndex, LowWatermark = -1 };
                topicResult.Partitions.Add(result);
                try
                {
                    var log = context.Broker.Topics.GetPartition(new TopicPartition(topic.Name, partition.PartitionIndex));
                    // -1 means "up to the high watermark", as in Kafka.
                    result.LowWatermark = log.DeleteRecordsBefore(partition.Offset == -1 ? log.LogEndOffset : partition.Offset);
                }
                catch (StreamingException ex)
                {
                    result.ErrorCode = ErrorCodes.From(ex);
                }
            }
        }
        return KafkaResponse.Of(context, response);
    }
}
