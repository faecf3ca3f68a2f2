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

    /// <summary><c>statestore.cache.max.bytes</c>: the record cache shared by a task's caching stores; 0 disables de-duplication. <value>Default: 10 MiB.</value></summary>
    public long StateStoreCacheMaxBytes
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 10 * 1024 * 1024;

    /// <summary><c>commit.interval.ms</c>: how often caches are flushed and progress committed. <value>Default: 30 s.</value></summary>
    public TimeSpan CommitInterval
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            field = value;
        }
    } = TimeSpan.FromSeconds(30);

    /// <summary><c>default.dsl.store</c>: the store type of DSL operations that do not choose one. <value>Default: RocksDB.</value></summary>
    public StoreType DefaultDslStore { get; init; } = StoreType.RocksDb;

    /// <summary><c>rocksdb.config.setter</c>: adjusts the options of every RocksDB store before it opens.</summary>
    public IRocksDbConfigSetter? RocksDbConfigSetter { get; init; }
}
