using Streaming.Streams.State;

namespace Streaming.Streams;

/// <summary>The settings of a Streams application, fixed when the topology is built (Kafka Streams' config keys in the docs).</summary>
public sealed class StreamsConfig
{
    /// <summary><c>application.id</c>: prefixes internal topics (repartition, changelog) and names the state directory.</summary>
    public required string ApplicationId
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            foreach (char c in value)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                    throw new InvalidConfigurationException($"application.id '{value}' is invalid: only [a-zA-Z0-9._-] are allowed");
            }
            field = value;
        }
    }

    /// <summary><c>state.dir</c>: the root of per-application, per-task state directories. <value>Default: &lt;temp&gt;/streaming-streams.</value></summary>
    public string StateDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "streaming-streams");

    /// <summary><c>statestore.cache.max.bytes</c>: the record cache of an instance, split evenly between its stream threads and shared by their tasks' caching stores (the test driver gives each task the whole budget); 0 disables de-duplication. <value>Default: 10 MiB.</value></summary>
    public long StateStoreCacheMaxBytes
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 10 * 1024 * 1024;

    /// <summary>
    /// <c>commit.interval.ms</c>: how often caches are flushed and progress committed.
    /// <value>Default: 30 s with <c>at_least_once</c>, 100 ms with <c>exactly_once_v2</c> (as Kafka Streams).</value>
    /// </summary>
    public TimeSpan CommitInterval
    {
        get => _commitInterval ?? (ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(30));
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _commitInterval = value;
        }
    }

    private readonly TimeSpan? _commitInterval;

    /// <summary><c>processing.guarantee</c>: <c>at_least_once</c> or <c>exactly_once_v2</c>. <value>Default: at_least_once.</value></summary>
    public ProcessingGuarantee ProcessingGuarantee { get; init; } = ProcessingGuarantee.AtLeastOnce;

    /// <summary><c>num.stream.threads</c>: stream threads per instance, each a member of the application's group. <value>Default: 1.</value></summary>
    public int NumStreamThreads
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256);
            field = value;
        }
    } = 1;

    /// <summary><c>replication.factor</c> of the internal topics the application creates (repartition, changelog). <value>Default: 1.</value></summary>
    public short ReplicationFactor
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, (short)1);
            field = value;
        }
    } = 1;

    /// <summary>
    /// <c>auto.offset.reset</c> of source topics without a committed offset (a source's <c>Consumed</c> cannot override it yet
    /// at runtime: the group shares one consumer). <value>Default: earliest (as Kafka Streams).</value>
    /// </summary>
    public AutoOffsetReset AutoOffsetReset { get; init; } = AutoOffsetReset.Earliest;

    /// <summary><c>poll.ms</c>: how long a stream thread waits for records when none are buffered. <value>Default: 100 ms.</value></summary>
    public TimeSpan PollTimeout
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            field = value;
        }
    } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// <c>default.deserialization.exception.handler</c>: what a source does with a record it cannot deserialize.
    /// <value>Default: <see cref="DeserializationExceptionHandlers.LogAndFail"/>.</value>
    /// </summary>
    public IDeserializationExceptionHandler DeserializationExceptionHandler { get; init; } = DeserializationExceptionHandlers.LogAndFail;

    /// <summary>
    /// <c>default.production.exception.handler</c>: what a task does when a record it sent cannot be written.
    /// <value>Default: <see cref="ProductionExceptionHandlers.Fail"/>.</value>
    /// </summary>
    public IProductionExceptionHandler ProductionExceptionHandler { get; init; } = ProductionExceptionHandlers.Fail;

    /// <summary>Extra client settings (e.g. <c>session.timeout.ms</c>, <c>linger.ms</c>) given to every consumer and producer the application creates.</summary>
    public IReadOnlyDictionary<string, string> ClientConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// <c>num.standby.replicas</c>: warm copies of each stateful task's stores kept on other instances by following the
    /// changelog; a task that fails over starts from its standby's position instead of a full restore. <value>Default: 0.</value>
    /// </summary>
    public int NumStandbyReplicas
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 16);
            field = value;
        }
    }

    /// <summary>
    /// <c>acceptable.recovery.lag</c>: an instance whose copy of a task's state is this many changelog records behind (or
    /// fewer) counts as caught up and may run the task; others get a warm-up replica first. <value>Default: 10,000.</value>
    /// </summary>
    public long AcceptableRecoveryLag
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 10_000;

    /// <summary><c>max.warmup.replicas</c>: warm-up replicas (beyond the standbys) the assignor may place at once. <value>Default: 2.</value></summary>
    public int MaxWarmupReplicas
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 2;

    /// <summary><c>probing.rebalance.interval.ms</c>: how long after a rebalance that placed warm-up replicas the group rebalances again to move caught-up tasks. <value>Default: 10 min.</value></summary>
    public TimeSpan ProbingRebalanceInterval
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.FromMilliseconds(100));
            field = value;
        }
    } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// <c>application.server</c>: this instance's <c>host:port</c> for interactive queries; every instance learns which
    /// host holds which tasks (see <c>KafkaStreams.QueryMetadataForKey</c>). <value>Default: none.</value>
    /// </summary>
    public string? ApplicationServer
    {
        get;
        init
        {
            if (value is not null && !HostInfo.TryParse(value, out _))
                throw new InvalidConfigurationException($"application.server '{value}' is invalid: expected host:port");
            field = value;
        }
    }

    /// <summary>
    /// <c>max.task.idle.ms</c>: how long a task reading several partitions (a join) waits for an empty partition that still
    /// has records to fetch before processing the others anyway. Zero (the default) waits as long as records are on their way
    /// but not for a partition that is caught up; a positive value bounds the wait (and also waits that long for a caught-up
    /// partition, for records about to arrive).
    /// </summary>
    public TimeSpan MaxTaskIdle
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            field = value;
        }
    }

    /// <summary>
    /// <c>repartition.purge.interval.ms</c>: how often a stream thread deletes the records of repartition topics it has
    /// committed (those topics have no time retention). <value>Default: 30 s.</value>
    /// </summary>
    public TimeSpan RepartitionPurgeInterval
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            field = value;
        }
    } = TimeSpan.FromSeconds(30);

    /// <summary><c>transaction.timeout.ms</c> of the exactly-once producers. <value>Default: 10 s (as Kafka Streams).</value></summary>
    public TimeSpan TransactionTimeout
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.FromSeconds(1));
            field = value;
        }
    } = TimeSpan.FromSeconds(10);

    /// <summary><c>default.dsl.store</c>: the store type of DSL operations that do not choose one. <value>Default: RocksDB.</value></summary>
    public StoreType DefaultDslStore { get; init; } = StoreType.RocksDb;

    /// <summary><c>rocksdb.config.setter</c>: adjusts the options of every RocksDB store before it opens.</summary>
    public IRocksDbConfigSetter? RocksDbConfigSetter { get; init; }
}
