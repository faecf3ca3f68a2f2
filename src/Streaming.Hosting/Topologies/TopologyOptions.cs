using Streaming.Streams;
using Streaming.Streams.State;

namespace Streaming.Hosting;

/// <summary>
/// How a hosted topology (<see cref="StreamingBuilder.AddTopology(string, Action{StreamsBuilder}, Action{TopologyOptions}?)"/>)
/// runs: the <see cref="StreamsConfig"/> settings it is built with, by their Kafka Streams names in the docs, and what the host
/// does when it fails. Bound from <c>Streaming:Topologies:{application.id}</c>, then set by code; validated at start.
/// </summary>
public sealed class TopologyOptions
{
    /// <summary>Name of the built-in deserialization handler that fails the stream thread.</summary>
    public const string LogAndFail = "LogAndFail";

    /// <summary>Name of the built-in deserialization handler that skips the record.</summary>
    public const string LogAndContinue = "LogAndContinue";

    /// <summary>Name of the built-in production handler that fails the stream thread.</summary>
    public const string Fail = "Fail";

    /// <summary>Name of the built-in production handler that drops the record.</summary>
    public const string Continue = "Continue";

    /// <summary>
    /// <c>state.dir</c>: the root of the application's local state (the stores live in <c>{StateDirectory}/{application.id}</c>);
    /// <value>null: <c>{embedded broker data directory}/streams-state</c> on the embedded broker, <c>{content root}/streams-state</c>
    /// on Kafka</value>. Each instance of an application needs its own.
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary><c>processing.guarantee</c>: <c>at_least_once</c> or <c>exactly_once_v2</c>; <value>at_least_once</value>.</summary>
    public string ProcessingGuarantee { get; set; } = ProcessingGuarantees.AtLeastOnce;

    /// <summary><c>num.stream.threads</c>: stream threads of this instance, 1 to 256; <value>1</value>.</summary>
    public int NumStreamThreads { get; set; } = 1;

    /// <summary>
    /// <c>commit.interval.ms</c>: how often caches are flushed and progress committed; <value>null: 30 s with at_least_once,
    /// 100 ms with exactly_once_v2</value>. Stopping the host commits too.
    /// </summary>
    public TimeSpan? CommitInterval { get; set; }

    /// <summary><c>statestore.cache.max.bytes</c>: the record cache of a task's stores, 0 to forward every update; <value>10 MiB</value>.</summary>
    public long StateStoreCacheMaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary><c>replication.factor</c> of the internal (repartition, changelog) topics; <value>1</value>.</summary>
    public short ReplicationFactor { get; set; } = 1;

    /// <summary><c>auto.offset.reset</c> of source topics without a committed offset; <value>Earliest</value>.</summary>
    public AutoOffsetReset AutoOffsetReset { get; set; } = AutoOffsetReset.Earliest;

    /// <summary><c>poll.ms</c>: how long a stream thread waits for records when none are buffered; <value>100 ms</value>.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary><c>transaction.timeout.ms</c> of the exactly-once producers, at least 1 s; <value>10 s</value>.</summary>
    public TimeSpan TransactionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>default.dsl.store</c>: the store type of DSL operations that do not choose one; <value>RocksDb</value>.</summary>
    public StoreType DefaultDslStore { get; set; } = StoreType.RocksDb;

    /// <summary>
    /// <c>default.deserialization.exception.handler</c>: <c>LogAndFail</c> or <c>LogAndContinue</c>; <value>LogAndFail</value>.
    /// An <see cref="IDeserializationExceptionHandler"/> registered in DI as a keyed service under the application id takes precedence.
    /// </summary>
    public string DeserializationExceptionHandler { get; set; } = LogAndFail;

    /// <summary>
    /// <c>default.production.exception.handler</c>: <c>Fail</c> or <c>Continue</c>; <value>Fail</value>. An
    /// <see cref="IProductionExceptionHandler"/> registered in DI as a keyed service under the application id takes precedence.
    /// </summary>
    public string ProductionExceptionHandler { get; set; } = Fail;

    /// <summary>Extra client settings with Kafka's names (<c>session.timeout.ms</c>, <c>linger.ms</c>, …) for the application's consumers and producers.</summary>
    public IDictionary<string, string> Client { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Whether the host stops when the topology ends in <see cref="KafkaStreamsState.Error"/>; <value>null: as
    /// <see cref="StreamingOptions.StopHostOnFatalError"/> (true by default)</value>.
    /// </summary>
    public bool? StopHostOnError { get; set; }

    /// <summary>
    /// Decides what happens when a stream thread dies of an exception (replace the thread, shut this instance down, or every
    /// instance of the application); <value>null: shut this instance down, so the topology ends in Error</value>.
    /// </summary>
    public Func<Exception, StreamThreadExceptionResponse>? UncaughtExceptionHandler { get; set; }

    /// <summary><c>rocksdb.config.setter</c>: adjusts every RocksDB store's options before it opens; <value>null</value>.</summary>
    public IRocksDbConfigSetter? RocksDbConfigSetter { get; set; }
}
