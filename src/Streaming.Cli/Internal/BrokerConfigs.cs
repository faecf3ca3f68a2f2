using System.Globalization;
using Streaming.Broker;
using Streaming.Broker.Protocol;

namespace Streaming.Cli.Internal;

/// <summary>
/// Kafka's broker config names (server.properties) that the embedded broker has, mapped onto its options. Topic-level
/// defaults use Kafka's <c>log.</c> names (<c>log.retention.ms</c> → <c>retention.ms</c>) or the topic names themselves.
/// </summary>
internal static class BrokerConfigs
{
    private static readonly Dictionary<string, Action<string, EmbeddedBrokerOptions, KafkaListenerOptions>> Known = new(StringComparer.Ordinal)
    {
        ["num.partitions"] = (v, b, _) => b.DefaultPartitions = Int("num.partitions", v, 1),
        ["auto.create.topics.enable"] = (v, b, _) => b.AutoCreateTopics = Bool("auto.create.topics.enable", v),
        ["node.id"] = (v, _, l) => l.NodeId = Int("node.id", v, 0),
        ["broker.id"] = (v, _, l) => l.NodeId = Int("broker.id", v, 0),
        ["socket.request.max.bytes"] = (v, _, l) => l.SocketRequestMaxBytes = Int("socket.request.max.bytes", v, 1024),
        ["connections.max.idle.ms"] = (v, _, l) => l.ConnectionsMaxIdle = Ms("connections.max.idle.ms", v),
        ["log.retention.check.interval.ms"] = (v, b, _) => b.RetentionCheckInterval = Ms("log.retention.check.interval.ms", v),
        ["group.initial.rebalance.delay.ms"] = (v, b, _) => b.GroupInitialRebalanceDelay = Ms("group.initial.rebalance.delay.ms", v),
        ["group.min.session.timeout.ms"] = (v, b, _) => b.GroupMinSessionTimeout = Ms("group.min.session.timeout.ms", v),
        ["group.max.session.timeout.ms"] = (v, b, _) => b.GroupMaxSessionTimeout = Ms("group.max.session.timeout.ms", v),
        ["offsets.retention.minutes"] = (v, b, _) => b.OffsetsRetention = TimeSpan.FromMinutes(Int("offsets.retention.minutes", v, 1)),
        ["offsets.topic.num.partitions"] = (v, b, _) => b.OffsetsTopicPartitions = Int("offsets.topic.num.partitions", v, 1),
        ["transaction.state.log.num.partitions"] = (v, b, _) => b.TransactionStateTopicPartitions = Int("transaction.state.log.num.partitions", v, 1),
        ["transaction.max.timeout.ms"] = (v, b, _) => b.TransactionMaxTimeout = Ms("transaction.max.timeout.ms", v),
        ["transactional.id.expiration.ms"] = (v, b, _) => b.TransactionalIdExpiration = Ms("transactional.id.expiration.ms", v),
        ["producer.id.expiration.ms"] = (v, b, _) => b.ProducerIdExpiration = Ms("producer.id.expiration.ms", v),
    };

    /// <summary>Topic configs a broker-level default may be given for, by their topic-level names.</summary>
    private static readonly string[] TopicKeys =
    [
        "retention.ms", "retention.bytes", "segment.bytes", "segment.ms", "max.message.bytes", "cleanup.policy",
        "index.interval.bytes", "delete.retention.ms", "min.cleanable.dirty.ratio", "min.compaction.lag.ms",
    ];

    /// <summary>Applies the settings in order (later ones win); an unknown key or a bad value is a usage error naming it.</summary>
    public static void Apply(IEnumerable<KeyValuePair<string, string>> settings, EmbeddedBrokerOptions broker, KafkaListenerOptions listener)
    {
        foreach (var (key, value) in settings)
        {
            if (Known.TryGetValue(key, out var apply)) apply(value, broker, listener);
            else if (TopicKey(key) is { } topicKey) broker.DefaultTopicConfigs[topicKey] = value;
            else throw CliException.Usage($"unknown broker config '{key}': known are {string.Join(", ", Known.Keys.Order(StringComparer.Ordinal))}, " +
                $"and topic defaults ({string.Join(", ", TopicKeys)}, also with Kafka's 'log.' prefix)");
        }
    }

    /// <summary>KEY=VALUE lines of a properties file; blank lines and # or ! comments are skipped.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ReadFile(string path)
    {
        int number = 0;
        foreach (string raw in File.ReadLines(path))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '!') continue;
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw CliException.Usage($"--config-file '{path}' line {number} is not KEY=VALUE: '{line}'");
            yield return new(line[..eq].Trim(), line[(eq + 1)..].Trim());
        }
    }

    private static string? TopicKey(string key)
    {
        string name = key.StartsWith("log.", StringComparison.Ordinal) ? key[4..] : key;
        if (name == "cleaner.delete.retention.ms") name = "delete.retention.ms";
        if (name == "cleaner.min.cleanable.ratio") name = "min.cleanable.dirty.ratio";
        if (name == "cleaner.min.compaction.lag.ms") name = "min.compaction.lag.ms";
        if (key == "message.max.bytes") name = "max.message.bytes";
        return TopicKeys.Contains(name, StringComparer.Ordinal) ? name : null;
    }

    private static int Int(string key, string value, int min)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min ? v
            : throw CliException.Usage($"broker config '{key}' is '{value}': it must be a whole number of at least {min}");

    private static TimeSpan Ms(string key, string value) => TimeSpan.FromMilliseconds(Int(key, value, 0));

    private static bool Bool(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw CliException.Usage($"broker config '{key}' is '{value}': it must be true or false"),
    };
}
