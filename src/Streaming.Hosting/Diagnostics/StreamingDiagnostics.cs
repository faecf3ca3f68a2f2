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
}
