using System.ComponentModel.DataAnnotations;
using Polly;

namespace Streaming.Hosting;

/// <summary>How a hosted consumer group handler reads, orders, retries, commits and fails.</summary>
public sealed class ConsumerHandlerOptions
{
    /// <summary>The delivery guarantee; <value>AtLeastOnce</value>.</summary>
    public DeliveryGuarantee DeliveryGuarantee { get; set; } = DeliveryGuarantee.AtLeastOnce;

    /// <summary>What is kept in order; <value>PerPartition</value>.</summary>
    public ProcessingOrder Ordering { get; set; } = ProcessingOrder.PerPartition;

    /// <summary>The most records handled at once across partitions (or keys); <value>8</value>.</summary>
    [Range(1, 1024, ErrorMessage = "MaxConcurrency must be between 1 and 1024")]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Records buffered per partition before the partition is paused; <value>256</value>.</summary>
    [Range(1, 1_000_000, ErrorMessage = "MaxBufferedRecordsPerPartition must be between 1 and 1000000")]
    public int MaxBufferedRecordsPerPartition { get; set; } = 256;

    /// <summary>What happens when the pipeline gives up on a record; <value>DeadLetter</value>.</summary>
    public ProcessingFailureAction OnFailure { get; set; } = ProcessingFailureAction.DeadLetter;

    /// <summary>Appended to a topic's name to name its dead-letter topic; <value>.dlq</value>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "DeadLetterTopicSuffix must not be empty")]
    public string DeadLetterTopicSuffix { get; set; } = ".dlq";

    /// <summary>
    /// How often processed offsets are committed (at-least-once), or how long a transaction collects results before it
    /// commits (exactly-once); <value>1 s</value>. Offsets are also committed on rebalance and shutdown.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "CommitInterval must be between 1 ms and 1 hour")]
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A consumer with records in flight that has finished none for this long, or whose poll loop has not iterated for this
    /// long, is reported unhealthy; <value>1 min</value>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "StallTimeout must be between 1 ms and 1 day")]
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Total lag above which the health check reports degraded; <value>null</value> (never).</summary>
    public long? MaxHealthyLag { get; set; }

    /// <summary>
    /// Where a group without committed offsets starts; <value>Earliest</value> (unlike Kafka's <c>latest</c>: a hosted
    /// handler is expected to see what was produced before its first start).
    /// </summary>
    public AutoOffsetReset AutoOffsetReset { get; set; } = AutoOffsetReset.Earliest;

    /// <summary>Further consumer configuration with Kafka's names (<c>session.timeout.ms</c>, …).</summary>
    public IDictionary<string, string> Consumer { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Builds the handler's resilience pipeline (retry, timeout, circuit breaker, …). Default: 3 retries with exponential
    /// backoff and jitter from 200 ms, for every exception but cancellation. A <see cref="ResiliencePipeline"/> registered in
    /// DI as a keyed service under the consumer's name takes precedence.
    /// </summary>
    public Action<ResiliencePipelineBuilder, IServiceProvider>? ConfigureResilience { get; set; }

    /// <summary>
    /// The transactional id under exactly-once; <value>"{group.id}.{consumer name}.exactly-once"</value>. Stable across
    /// restarts so a restarted host fences its predecessor; give each instance its own when several run in one group.
    /// </summary>
    public string? TransactionalId { get; set; }

    /// <summary>
    /// Under exactly-once, how many fencings in a row (no commit in between) the worker survives by replacing its producer
    /// before it stops on a fatal error; <value>5</value>.
    /// </summary>
    [Range(0, 1000, ErrorMessage = "MaxConsecutiveFencings must be between 0 and 1000")]
    public int MaxConsecutiveFencings { get; set; } = 5;
}
