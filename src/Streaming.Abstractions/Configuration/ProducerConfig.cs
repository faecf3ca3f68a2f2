namespace Streaming;

/// <summary>Producer configuration with Kafka's names and defaults.</summary>
public class ProducerConfig : ClientConfig
{
    public ProducerConfig() { }

    public ProducerConfig(IEnumerable<KeyValuePair<string, string>> config) : base(config) { }

    /// <summary><c>acks</c>: <value>All</value> by default, as in Kafka 3+.</summary>
    public Acks? Acks
    {
        get => Get("acks") switch
        {
            null => null,
            "all" or "-1" => Streaming.Acks.All,
            "1" => Streaming.Acks.Leader,
            "0" => Streaming.Acks.None,
            var v => throw new InvalidConfigurationException($"'acks' is '{v}': it must be 0, 1, -1 or all"),
        };
        set => Set("acks", value switch { null => null, Streaming.Acks.All => "all", var a => ((int)a).ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary><c>linger.ms</c>: how long a batch waits for more records; <value>5</value> ms by default (Kafka 4.0).</summary>
    public int? LingerMs { get => GetInt("linger.ms"); set => SetValue("linger.ms", value); }

    /// <summary><c>batch.size</c>: the most bytes in one partition's batch; <value>16384</value> by default.</summary>
    public int? BatchSize { get => GetInt("batch.size"); set => SetValue("batch.size", value); }

    /// <summary><c>buffer.memory</c>: bytes the producer may hold unsent before it blocks; <value>33554432</value> by default.</summary>
    public long? BufferMemory { get => GetLong("buffer.memory"); set => SetValue("buffer.memory", value); }

    /// <summary><c>max.block.ms</c>: how long a send blocks on a full buffer; <value>60000</value> by default.</summary>
    public int? MaxBlockMs { get => GetInt("max.block.ms"); set => SetValue("max.block.ms", value); }

    /// <summary><c>max.request.size</c>: the largest record the producer sends; <value>1048576</value> by default.</summary>
    public int? MaxRequestSize { get => GetInt("max.request.size"); set => SetValue("max.request.size", value); }

    /// <summary><c>enable.idempotence</c>: <value>true</value> by default, as in Kafka 3+.</summary>
    public bool? EnableIdempotence { get => GetBool("enable.idempotence"); set => SetBool("enable.idempotence", value); }

    /// <summary><c>compression.type</c>: none, gzip, snappy, lz4 or zstd; <value>none</value> by default.</summary>
    public CompressionType? CompressionType
    {
        get => Get("compression.type") switch
        {
            null => null,
            "none" => Streaming.CompressionType.None,
            "gzip" => Streaming.CompressionType.Gzip,
            "snappy" => Streaming.CompressionType.Snappy,
            "lz4" => Streaming.CompressionType.Lz4,
            "zstd" => Streaming.CompressionType.Zstd,
            var v => throw new InvalidConfigurationException($"'compression.type' is '{v}': it must be none, gzip, snappy, lz4 or zstd"),
        };
        set => Set("compression.type", value?.ToString().ToLowerInvariant());
    }

    /// <summary>
    /// <c>transactional.id</c>: makes the producer transactional (InitTransactions, BeginTransaction, …). Keep it stable
    /// across restarts of the same instance: InitTransactions then fences the previous incarnation and aborts what it left open.
    /// </summary>
    public string? TransactionalId { get => Get("transactional.id"); set => Set("transactional.id", value); }

    /// <summary><c>transaction.timeout.ms</c>: the coordinator aborts a transaction open longer than this; <value>60000</value> by default.</summary>
    public int? TransactionTimeoutMs { get => GetInt("transaction.timeout.ms"); set => SetValue("transaction.timeout.ms", value); }

    /// <summary>
    /// <c>delivery.guarantee</c> (this framework's key): at-most-once means acks=1 without idempotence; at-least-once
    /// (default) acks=all with idempotence; exactly-once a transactional producer (needs <c>transactional.id</c>).
    /// Conflicting explicit <c>acks</c>/<c>enable.idempotence</c> are refused when the producer is built.
    /// </summary>
    public DeliveryGuarantee? DeliveryGuarantee
    {
        get => DeliveryGuarantees.Parse(Get("delivery.guarantee"));
        set => Set("delivery.guarantee", value is null ? null : DeliveryGuarantees.Name(value.Value));
    }

    /// <summary><c>partitioner.class</c> for keyless records: sticky (default) or round-robin.</summary>
    public Partitioner? Partitioner
    {
        get => Get("partitioner.class") switch
        {
            null => null,
            "sticky" or "default" => Streaming.Partitioner.Sticky,
            "round-robin" or "org.apache.kafka.clients.producer.RoundRobinPartitioner" => Streaming.Partitioner.RoundRobin,
            var v => throw new InvalidConfigurationException($"'partitioner.class' is '{v}': it must be sticky or round-robin"),
        };
        set => Set("partitioner.class", value switch { null => null, Streaming.Partitioner.RoundRobin => "round-robin", _ => "sticky" });
    }
}
