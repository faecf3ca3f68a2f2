using System.Globalization;

namespace Streaming.Kafka.Configuration;

/// <summary>
/// The one place where a client's configuration (Kafka's Java names and defaults) becomes librdkafka's. Every key whose
/// name, unit or default differs is translated explicitly (see the producer and consumer parts); the framework's own keys
/// (<c>delivery.guarantee</c>, <c>partitioner.class</c>, <c>max.block.ms</c>, …) are consumed here. Any other key is passed
/// to librdkafka as it is, and librdkafka refuses it if it does not know it.
/// </summary>
internal static partial class KafkaConfigMapper
{
    /// <summary>librdkafka keys (and their aliases) the transport derives itself; setting them directly would bypass the mapping.</summary>
    private static readonly HashSet<string> DerivedLibrdkafkaKeys = new(StringComparer.Ordinal)
    {
        "request.required.acks", "queue.buffering.max.ms", "queue.buffering.max.kbytes", "queue.buffering.max.messages",
        "message.max.bytes", "compression.codec", "max.in.flight", "partitioner", "sticky.partitioning.linger.ms",
        "message.timeout.ms", "message.send.max.retries", "fetch.wait.max.ms", "fetch.message.max.bytes",
        "receive.message.max.bytes",
    };

    /// <summary>Java keys the transport translates; on a client config they are read, never passed on as they are.</summary>
    private static readonly HashSet<string> MappedJavaKeys = new(StringComparer.Ordinal)
    {
        "bootstrap.servers", "client.id", "delivery.guarantee",
        // producer
        "acks", "linger.ms", "batch.size", "buffer.memory", "max.block.ms", "max.request.size", "compression.type",
        "enable.idempotence", "max.in.flight.requests.per.connection", "partitioner.class", "transactional.id",
        "transaction.timeout.ms", "delivery.timeout.ms", "retries",
        // consumer
        "group.id", "auto.offset.reset", "fetch.max.bytes", "max.partition.fetch.bytes", "fetch.max.wait.ms", "check.crcs",
        "enable.partition.eof", "group.instance.id", "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms",
        "enable.auto.commit", "auto.commit.interval.ms", "enable.auto.offset.store", "partition.assignment.strategy",
        "isolation.level", "max.poll.records", "default.api.timeout.ms",
    };

    /// <summary>True for a librdkafka key the transport derives from the Java configuration (or a Java key it maps).</summary>
    public static bool IsMappedLibrdkafkaKey(string key) => DerivedLibrdkafkaKeys.Contains(key) || MappedJavaKeys.Contains(key);

    /// <summary>The admin client's librdkafka configuration.</summary>
    public static Dictionary<string, string> ToAdmin(KafkaTransportOptions options, AdminClientConfig config)
    {
        var result = Start(options, config, out _);
        result["client.id"] = config.ClientId ?? $"admin-{Interlocked.Increment(ref _adminCounter)}";
        return result;
    }

    private static int _adminCounter;

    /// <summary>
    /// The transport's settings, then the client's keys that are not mapped (passed through as they are), then
    /// <c>bootstrap.servers</c>. Refuses a client key that would bypass the mapping.
    /// </summary>
    private static Dictionary<string, string> Start(KafkaTransportOptions options, ClientConfig config, out string bootstrap)
    {
        var result = new Dictionary<string, string>(options.Settings, StringComparer.Ordinal);
        foreach (var (key, value) in config)
        {
            if (MappedJavaKeys.Contains(key)) continue;
            if (DerivedLibrdkafkaKeys.Contains(key))
                throw new InvalidConfigurationException($"'{key}' is librdkafka's name for a setting the Kafka transport maps from Kafka's Java configuration: " +
                    $"set {JavaNameOf(key)} instead, as on every transport");
            if (key.StartsWith("test.mock.", StringComparison.Ordinal))
                throw new InvalidConfigurationException($"'{key}' would give this client its own mock cluster, which no other client sees: " +
                    "start one mock cluster and point the transport's BootstrapServers at it");
            result[key] = value;
        }
        bootstrap = config.BootstrapServers ?? options.BootstrapServers
            ?? throw new InvalidConfigurationException("'bootstrap.servers' is not set: set KafkaTransportOptions.BootstrapServers (or bootstrap.servers on the client config)");
        if (string.IsNullOrWhiteSpace(bootstrap)) throw new InvalidConfigurationException("'bootstrap.servers' is empty: give the cluster's brokers as host:port[,host:port…]");
        result["bootstrap.servers"] = bootstrap;
        return result;
    }

    private static string JavaNameOf(string librdkafkaKey) => librdkafkaKey switch
    {
        "request.required.acks" => "'acks'",
        "queue.buffering.max.ms" => "'linger.ms'",
        "queue.buffering.max.kbytes" or "queue.buffering.max.messages" => "'buffer.memory' (bytes)",
        "message.max.bytes" => "'max.request.size'",
        "compression.codec" => "'compression.type'",
        "max.in.flight" => "'max.in.flight.requests.per.connection'",
        "partitioner" or "sticky.partitioning.linger.ms" => "'partitioner.class' (keyed records always use murmur2)",
        "message.timeout.ms" => "'delivery.timeout.ms'",
        "message.send.max.retries" => "'retries'",
        "fetch.wait.max.ms" => "'fetch.max.wait.ms'",
        "fetch.message.max.bytes" => "'max.partition.fetch.bytes'",
        "receive.message.max.bytes" => "'fetch.max.bytes'",
        _ => "the Java key",
    };

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(bool value) => value ? "true" : "false";
}
