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

    /// <summary><c>enable.partition.eof</c>: emit an event when a partition's end is reached; <value>false</value> by default.</summary>
    public bool? EnablePartitionEof { get => GetBool("enable.partition.eof"); set => SetBool("enable.partition.eof", value); }
}
