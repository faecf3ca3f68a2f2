using System.Globalization;
using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol.Handlers;

/// <summary>DescribeConfigs (topics and this broker) and IncrementalAlterConfigs (topics).</summary>
internal static class ConfigHandlers
{
    private const sbyte TopicResource = 2, BrokerResource = 4;
    private const sbyte DynamicTopicConfig = 1, StaticBrokerConfig = 4, DefaultConfig = 5;
    private const sbyte Set = 0, Delete = 1, Append = 2, Subtract = 3;

    public static KafkaResponse Describe(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<DescribeConfigsRequest>(context, body);
        var response = new DescribeConfigsResponse();
        foreach (var resource in request.Resources)
        {
            var result = new DescribeConfigsResult { ResourceType = resource.ResourceType, ResourceName = resource.ResourceName };
            response.Results.Add(result);
            try
            {
                var entries = resource.ResourceType switch
                {
                    TopicResource => context.Broker.Topics.DescribeConfigs(resource.ResourceName)
                        .Select(e => (e.Name, e.Value, Source: e.IsDefault ? DefaultConfig : DynamicTopicConfig, ReadOnly: false)),
                    BrokerResource when resource.ResourceName.Length == 0 || resource.ResourceName == context.Listener.Options.NodeId.ToString(CultureInfo.InvariantCulture)
                        => BrokerConfigs(context).Select(e => (e.Name, e.Value, Source: StaticBrokerConfig, ReadOnly: true)),
                    BrokerResource => throw new StreamingException(ErrorCode.InvalidRequest, $"broker '{resource.ResourceName}' is not this broker ({context.Listener.Options.NodeId})"),
                    _ => throw new StreamingException(ErrorCode.InvalidRequest, $"resource type {resource.ResourceType} is not supported: only topics (2) and brokers (4)"),
                };
                foreach (var (name, value, source, readOnly) in entries)
                {
                    if (resource.ConfigurationKeys is { } keys && !keys.Contains(name)) continue;
                    result.Configs.Add(new DescribeConfigsResourceResult
                    {
                        Name = name,
                        Value = value,
                        ReadOnly = readOnly,
                        ConfigSource = source,
                        Synonyms = request.IncludeSynonyms ? [new DescribeConfigsSynonym { Name = name, Value = value, Source = source }] : [],
                        Documentation = null,
                    });
                }
            }
            catch (StreamingException ex)
            {
                result.ErrorCode = ErrorCodes.From(ex);
                result.ErrorMessage = ex.Message;
            }
        }
        return KafkaResponse.Of(context, response);
    }

    /// <summary>The broker settings a client may want to see, under Kafka's names.</summary>
    private static IEnumerable<(string Name, string Value)> BrokerConfigs(RequestContext context)
    {
        var options = context.Broker.Options;
        var listener = context.Listener.Options;
        static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        yield return ("auto.create.topics.enable", options.AutoCreateTopics ? "true" : "false");
        yield return ("num.partitions", options.DefaultPartitions.ToString(CultureInfo.InvariantCulture));
        yield return ("default.replication.factor", "1");
        yield return ("log.dirs", options.DataDirectory);
        yield return ("log.retention.check.interval.ms", Ms(options.RetentionCheckInterval));
        yield return ("log.cleaner.backoff.ms", Ms(options.LogCleanerInterval));
        yield return ("producer.id.expiration.ms", Ms(options.ProducerIdExpiration));
        yield return ("group.initial.rebalance.delay.ms", Ms(options.GroupInitialRebalanceDelay));
        yield return ("group.min.session.timeout.ms", Ms(options.GroupMinSessionTimeout));
        yield return ("group.max.session.timeout.ms", Ms(options.GroupMaxSessionTimeout));
        yield return ("offsets.topic.num.partitions", options.OffsetsTopicPartitions.ToString(CultureInfo.InvariantCulture));
        yield return ("offsets.retention.minutes", ((long)options.OffsetsRetention.TotalMinutes).ToString(CultureInfo.InvariantCulture));
        yield return ("transaction.state.log.num.partitions", options.TransactionStateTopicPartitions.ToString(CultureInfo.InvariantCulture));
        yield return ("transaction.max.timeout.ms", Ms(options.TransactionMaxTimeout));
        yield return ("transactional.id.expiration.ms", Ms(options.TransactionalIdExpiration));
        yield return ("node.id", listener.NodeId.ToString(CultureInfo.InvariantCulture));
        yield return ("socket.request.max.bytes", listener.SocketRequestMaxBytes.ToString(CultureInfo.InvariantCulture));
        yield return ("connections.max.idle.ms", Ms(listener.ConnectionsMaxIdle));
        foreach (var (key, value) in options.DefaultTopicConfigs) yield return ("log." + key, value);
    }

    public static KafkaResponse IncrementalAlter(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<IncrementalAlterConfigsRequest>(context, body);
        var response = new IncrementalAlterConfigsResponse();
        foreach (var resource in request.Resources)
        {
            var result = new AlterConfigsResourceResponse { ResourceType = resource.ResourceType, ResourceName = resource.ResourceName };
            response.Responses.Add(result);
            try
            {
                if (resource.ResourceType != TopicResource)
                    throw new StreamingException(ErrorCode.InvalidRequest, $"resource type {resource.ResourceType} cannot be altered here: only topic configs (2); broker settings are fixed when the broker starts");
                var topics = context.Broker.Topics;
                var current = topics.Get(resource.ResourceName).Config.Overrides;
                var effective = topics.DescribeConfigs(resource.ResourceName).ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
                var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var config in resource.Configs)
                {
                    changes[config.Name] = config.ConfigOperation switch
                    {
                        Set => config.Value ?? throw new InvalidConfigurationException($"config '{config.Name}' is set without a value"),
                        Delete => null,
                        Append or Subtract when config.Name == "cleanup.policy" => ListOperation(effective.GetValueOrDefault(config.Name) ?? "", config.Value ?? "", config.ConfigOperation == Append),
                        Append or Subtract => throw new InvalidConfigurationException($"config '{config.Name}' is not a list: APPEND and SUBTRACT apply to list configs (cleanup.policy) only"),
                        _ => throw new InvalidConfigurationException($"config operation {config.ConfigOperation} for '{config.Name}' is unknown (0 set, 1 delete, 2 append, 3 subtract)"),
                    };
                }
                if (request.ValidateOnly)
                {
                    var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
                    foreach (var (key, value) in changes)
                    {
                        if (value is null) merged.Remove(key);
                        else merged[key] = value;
                    }
                    Log.TopicConfig.Parse(merged, context.Broker.Options.DefaultTopicConfigs.AsReadOnly());
                }
                else
                {
                    topics.AlterConfigs(resource.ResourceName, changes);
                }
            }
            catch (StreamingException ex)
            {
                result.ErrorCode = ErrorCodes.From(ex);
                result.ErrorMessage = ex.Message;
            }
        }
        return KafkaResponse.Of(context, response);
    }

    private static string ListOperation(string current, string value, bool append)
    {
        var items = current.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (append && !items.Contains(item)) items.Add(item);
            if (!append) items.Remove(item);
        }
        return string.Join(',', items);
    }
}
