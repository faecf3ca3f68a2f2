namespace Streaming;

/// <summary>Consumer configuration with Kafka's names and defaults.</summary>
public class ConsumerConfig : ClientConfig
{
    public ConsumerConfig() { }

    public ConsumerConfig(IEnumerable<KeyValuePair<string, string>> config) : base(config) { }

    /// <summary><c>group.id</c>: the consumer group; needed to subscribe and commit.</summary>
    public string? GroupId { get => Get("group.id"); set => Set("group.id", value); }

    /// <summary><c>auto.offset.reset</c>: <value>latest</value> by default.</summary>
    public AutoOffsetReset? AutoOffsetReset
    {
        get => Get("auto.offset.reset") switch
        {
            null => null,
            "latest" or "largest" or "end" => Streaming.AutoOffsetReset.Latest,
            "earliest" or "smallest" or "beginning" => Streaming.AutoOffsetReset.Earliest,
            "none" or "error" => Streaming.AutoOffsetReset.Error,
            var v => throw new InvalidConfigurationException($"'auto.offset.reset' is '{v}': it must be earliest, latest or none"),
        };
        set => Set("auto.offset.reset", value switch { null => null, Streaming.AutoOffsetReset.Error => "none", var v => v.ToString()!.ToLowerInvariant() });
    }

    /// <summary><c>fetch.max.bytes</c>: the most bytes one fetch returns; <value>52428800</value> by default.</summary>
    public int? FetchMaxBytes { get => GetInt("fetch.max.bytes"); set => SetValue("fetch.max.bytes", value); }

    /// <summary><c>max.partition.fetch.bytes</c>: the most bytes fetched from one partition; <value>1048576</value> by default.</summary>
    public int? MaxPartitionFetchBytes { get => GetInt("max.partition.fetch.bytes"); set => SetValue("max.partition.fetch.bytes", value); }

    /// <summary><c>fetch.max.wait.ms</c>: how long a fetch waits for data at the log end; <value>500</value> by default.</summary>
    public int? FetchMaxWaitMs { get => GetInt("fetch.max.wait.ms"); set => SetValue("fetch.max.wait.ms", value); }

    /// <summary><c>check.crcs</c>: verify each batch's CRC before handing records out; <value>true</value> by default.</summary>
    public bool? CheckCrcs { get => GetBool("check.crcs"); set => SetBool("check.crcs", value); }

    /// <summary><c>group.instance.id</c>: a static member id; a restart within the session timeout keeps the assignment without a rebalance.</summary>
    public string? GroupInstanceId { get => Get("group.instance.id"); set => Set("group.instance.id", value); }

    /// <summary><c>session.timeout.ms</c>: a member silent this long is evicted; <value>45000</value> by default.</summary>
    public int? SessionTimeoutMs { get => GetInt("session.timeout.ms"); set => SetValue("session.timeout.ms", value); }

    /// <summary><c>heartbeat.interval.ms</c>: how often a member tells the coordinator it is alive; <value>3000</value> by default.</summary>
    public int? HeartbeatIntervalMs { get => GetInt("heartbeat.interval.ms"); set => SetValue("heartbeat.interval.ms", value); }

    /// <summary><c>max.poll.interval.ms</c>: a member that does not call Consume this long leaves the group; <value>300000</value> by default.</summary>
    public int? MaxPollIntervalMs { get => GetInt("max.poll.interval.ms"); set => SetValue("max.poll.interval.ms", value); }

    /// <summary><c>enable.auto.commit</c>: commit stored offsets every <c>auto.commit.interval.ms</c>; <value>true</value> by default.</summary>
    public bool? EnableAutoCommit { get => GetBool("enable.auto.commit"); set => SetBool("enable.auto.commit", value); }

    /// <summary><c>auto.commit.interval.ms</c>; <value>5000</value> by default.</summary>
    public int? AutoCommitIntervalMs { get => GetInt("auto.commit.interval.ms"); set => SetValue("auto.commit.interval.ms", value); }

    /// <summary>
    /// <c>enable.auto.offset.store</c>: store a record's offset for auto-commit once the application asks for the next
    /// record (it has processed the previous one); <value>true</value> by default. Set false to call StoreOffset yourself.
    /// </summary>
    public bool? EnableAutoOffsetStore { get => GetBool("enable.auto.offset.store"); set => SetBool("enable.auto.offset.store", value); }

    /// <summary><c>partition.assignment.strategy</c>: assignor names in order of preference; <value>range,cooperative-sticky</value> by default.</summary>
    public string? PartitionAssignmentStrategy { get => Get("partition.assignment.strategy"); set => Set("partition.assignment.strategy", value); }

    /// <summary>
    /// <c>isolation.level</c>: <c>read_uncommitted</c> (default, as in Kafka's Java client) or <c>read_committed</c>, which
    /// returns only records of committed transactions and reads up to the last stable offset.
    /// </summary>
    public IsolationLevel? IsolationLevel
    {
        get => Get("isolation.level") switch
        {
            null => null,
            "read_uncommitted" => Streaming.IsolationLevel.ReadUncommitted,
            "read_committed" => Streaming.IsolationLevel.ReadCommitted,
            var v => throw new InvalidConfigurationException($"'isolation.level' is '{v}': it must be read_uncommitted or read_committed"),
        };
        set => Set("isolation.level", value switch { null => null, Streaming.IsolationLevel.ReadCommitted => "read_committed", _ => "read_uncommitted" });
    }

    /// <summary>
    /// <c>delivery.guarantee</c> (this framework's key): at-most-once commits before handing records out, at-least-once
    /// (default) after they were processed, exactly-once reads read_committed without auto-commit, its offsets committed
    /// by a transactional producer (see <see cref="ExactlyOnceProcessor{TInKey, TInValue, TOutKey, TOutValue}"/>).
    /// </summary>
    public DeliveryGuarantee? DeliveryGuarantee
    {
        get => DeliveryGuarantees.Parse(Get("delivery.guarantee"));
        set => Set("delivery.guarantee", value is null ? null : DeliveryGuarantees.Name(value.Value));
    }

    /// <summary><c>enable.partition.eof</c>: emit an event when a partition's end is reached; <value>false</value> by default.</summary>
    public bool? EnablePartitionEof { get => GetBool("enable.partition.eof"); set => SetBool("enable.partition.eof", value); }
}
