using Streaming.Broker.Storage;

namespace Streaming.Broker;

/// <summary>Settings of the embedded broker; Kafka's broker config name is given for each.</summary>
public sealed class EmbeddedBrokerOptions
{
    /// <summary>Where the logs live (<c>log.dirs</c>). Locked by the broker while it runs.</summary>
    public required string DataDirectory { get; set; }

    /// <summary><c>auto.create.topics.enable</c>: create a topic on first produce or fetch; <value>true</value> by default.</summary>
    public bool AutoCreateTopics { get; set; } = true;

    /// <summary><c>num.partitions</c>: partitions of an auto-created topic; <value>1</value> by default.</summary>
    public int DefaultPartitions { get; set; } = 1;

    /// <summary><c>log.retention.check.interval.ms</c>: how often retention runs; <value>5 minutes</value> by default.</summary>
    public TimeSpan RetentionCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often the log cleaner looks for compacted partitions to clean (Kafka's <c>log.cleaner.backoff.ms</c> between
    /// passes); <value>15 seconds</value> by default.
    /// </summary>
    public TimeSpan LogCleanerInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Broker-wide defaults for topic configs, by topic config name (<c>retention.ms</c>, <c>segment.bytes</c>, …).</summary>
    public IDictionary<string, string> DefaultTopicConfigs { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>group.initial.rebalance.delay.ms</c>: how long a new group's first rebalance waits for more members; <value>3 s</value>.</summary>
    public TimeSpan GroupInitialRebalanceDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary><c>group.min.session.timeout.ms</c>; <value>6 s</value>.</summary>
    public TimeSpan GroupMinSessionTimeout { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary><c>group.max.session.timeout.ms</c>; <value>30 minutes</value>.</summary>
    public TimeSpan GroupMaxSessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary><c>offsets.retention.minutes</c>: offsets of a group that stays empty this long are deleted; <value>7 days</value>.</summary>
    public TimeSpan OffsetsRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary><c>offsets.retention.check.interval.ms</c>; <value>10 minutes</value>.</summary>
    public TimeSpan OffsetsRetentionCheckInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary><c>offsets.topic.num.partitions</c>: partitions of <c>__consumer_offsets</c>; <value>50</value>.</summary>
    public int OffsetsTopicPartitions { get; set; } = 50;

    /// <summary>
    /// <c>producer.id.expiration.ms</c>: a partition forgets an idempotent producer that appended nothing for this long
    /// (checked every <see cref="RetentionCheckInterval"/>); <value>1 day</value> by default.
    /// </summary>
    public TimeSpan ProducerIdExpiration { get; set; } = TimeSpan.FromDays(1);

    /// <summary><c>transaction.state.log.num.partitions</c>: partitions of <c>__transaction_state</c>; <value>50</value>.</summary>
    public int TransactionStateTopicPartitions { get; set; } = 50;

    /// <summary><c>transaction.max.timeout.ms</c>: the largest <c>transaction.timeout.ms</c> a producer may ask for; <value>15 minutes</value>.</summary>
    public TimeSpan TransactionMaxTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// <c>transaction.abort.timed.out.transaction.cleanup.interval.ms</c>: how often transactions open longer than their
    /// timeout are looked for and aborted; <value>10 seconds</value>.
    /// </summary>
    public TimeSpan TransactionTimeoutCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>transactional.id.expiration.ms</c>: a transactional id unused this long is forgotten; <value>7 days</value>.</summary>
    public TimeSpan TransactionalIdExpiration { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The clock for timestamps, retention and segment age; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The file system; tests put a fault-injecting one here.</summary>
    internal IStorage Storage { get; set; } = FileStorage.Instance;
}
