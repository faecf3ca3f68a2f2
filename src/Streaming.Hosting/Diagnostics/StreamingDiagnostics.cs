namespace Streaming.Hosting;

/// <summary>The names to subscribe to for the host's traces and metrics (OpenTelemetry messaging conventions).</summary>
public static class StreamingDiagnostics
{
    /// <summary>The ActivitySource name: "{topic} publish" (producer) and "{topic} process" (consumer) spans.</summary>
    public const string ActivitySourceName = "Streaming";

    /// <summary>The Meter name.</summary>
    public const string MeterName = "Streaming";

    /// <summary>Counter of records produced (<c>messaging.client.sent.messages</c>).</summary>
    public const string SentMessages = "messaging.client.sent.messages";

    /// <summary>Counter of records handed to handlers (<c>messaging.client.consumed.messages</c>).</summary>
    public const string ConsumedMessages = "messaging.client.consumed.messages";

    /// <summary>Histogram of handler durations in seconds, retries included (<c>messaging.process.duration</c>).</summary>
    public const string ProcessDuration = "messaging.process.duration";

    /// <summary>Counter of records sent to a dead-letter topic.</summary>
    public const string DeadLetteredMessages = "streaming.consumer.dead_lettered.messages";

    /// <summary>Observable gauge: per partition, the log end offset minus the next offset to process.</summary>
    public const string ConsumerLag = "streaming.consumer.lag";

    /// <summary>
    /// Observable gauge: approximate entries of each state store of each task of a hosted topology, as of its last commit
    /// (tags <c>streams.application_id</c>, <c>streams.task_id</c>, <c>streams.store</c>).
    /// </summary>
    public const string StoreEntries = "streaming.streams.store.entries";

    /// <summary>Observable gauge: changelog records a hosted topology's restorations still have to replay (tag <c>streams.application_id</c>).</summary>
    public const string RecordsToRestore = "streaming.streams.restore.remaining";

    /// <summary>The meter of the Streams runtime itself (counters and histograms below), to subscribe to as well as <see cref="MeterName"/>.</summary>
    public const string StreamsMeterName = "Streaming.Streams";

    /// <summary>Counter (Streams meter) of records processed by stream tasks: its rate is the process rate.</summary>
    public const string StreamsProcessedRecords = "streaming.streams.process.records";

    /// <summary>Histogram (Streams meter) of the time, in seconds, to commit a stream thread's tasks.</summary>
    public const string StreamsCommitDuration = "streaming.streams.commit.duration";

    /// <summary>Counter (Streams meter) of changelog records replayed into state stores.</summary>
    public const string StreamsRestoredRecords = "streaming.streams.restore.records";

    /// <summary>Counter (Streams meter) of records skipped by the error handlers.</summary>
    public const string StreamsDroppedRecords = "streaming.streams.dropped.records";
}
