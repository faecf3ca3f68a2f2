namespace Streaming.Hosting.Consumers;

/// <summary>What health checks, metrics and the progress waiter see of a running consumer worker.</summary>
internal interface IConsumerWorker
{
    string Name { get; }

    string GroupId { get; }

    ConsumerHandlerOptions Options { get; }

    ConsumerWorkerState State { get; }

    /// <summary>The last fatal error, if the worker stopped on one.</summary>
    Exception? Fault { get; }

    /// <summary>Records handed to the handler and not yet finished.</summary>
    int Outstanding { get; }

    /// <summary>When a record last finished (or the worker last went from idle to busy).</summary>
    DateTimeOffset LastProgress { get; }

    /// <summary>
    /// When the poll loop last began an iteration (or the worker started). The loop also waits, within an iteration, for
    /// handed-out records to finish before a rebalance or a transaction commit.
    /// </summary>
    DateTimeOffset LastPoll { get; }

    /// <summary>The lag per assigned partition, as last measured.</summary>
    IReadOnlyDictionary<TopicPartition, long> Lag { get; }

    /// <summary>The next offset to process per partition this worker has seen (finished records only).</summary>
    IReadOnlyDictionary<TopicPartition, long> ProcessedPositions();

    /// <summary>Completes at the next progress (a record finished, a position moved, the worker stopped).</summary>
    Task WhenProgressAsync();
}
