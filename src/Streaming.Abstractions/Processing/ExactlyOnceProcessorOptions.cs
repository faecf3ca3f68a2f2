namespace Streaming;

/// <summary>How an <see cref="ExactlyOnceProcessor{TInKey, TInValue, TOutKey, TOutValue}"/> reads, writes and commits.</summary>
public sealed class ExactlyOnceProcessorOptions
{
    /// <summary>The input consumer's configuration; <c>group.id</c> is required. Exactly-once settings are applied on top.</summary>
    public required ConsumerConfig Consumer { get; init; }

    /// <summary>
    /// The output producer's configuration. <c>transactional.id</c> defaults to "<c>{group.id}.exactly-once</c>": stable
    /// across restarts, so a restarted instance fences its predecessor and aborts what it left open at once. Give each
    /// instance its own when several run in one group, or they fence each other.
    /// </summary>
    public required ProducerConfig Producer { get; init; }

    /// <summary>The topics to consume.</summary>
    public required IReadOnlyList<string> InputTopics { get; init; }

    /// <summary>How long a transaction collects results before it commits; <value>100 ms</value> (Kafka Streams' exactly-once default).</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The most a single commit, abort or initialization may take before the processor gives up; <value>60 s</value>.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many fencings in a row (no commit in between) the processor survives before it stops; <value>5</value>.</summary>
    public int MaxConsecutiveFencings { get; init; } = 5;
}
