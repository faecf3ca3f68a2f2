using System.Diagnostics.Metrics;

namespace Streaming.Streams.Runtime;

/// <summary>
/// The runtime's instruments on the <c>Streaming.Streams</c> meter (OpenTelemetry-style names; tag <c>streams.application_id</c>):
/// records processed, commit duration, records restored, records dropped by the error handlers, and state-store operation
/// durations (the metered store layer). Counters are added once per poll batch, not per record. Store sizes and records
/// left to restore are in <c>KafkaStreams.Metrics()</c> (the hosting package publishes them as gauges).
/// </summary>
internal static class StreamsMetrics
{
    public const string MeterName = "Streaming.Streams";

    public static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> ProcessedRecords = Meter.CreateCounter<long>("streaming.streams.process.records", "{record}", "Records processed by stream tasks.");

    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("streaming.streams.commit.duration", "s", "Time to commit a stream thread's tasks.");

    public static readonly Counter<long> RestoredRecords = Meter.CreateCounter<long>("streaming.streams.restore.records", "{record}", "Changelog records replayed into state stores.");

    public static readonly Histogram<double> StoreOperationDuration = Meter.CreateHistogram<double>("streaming.streams.store.operation.duration", "s",
        "Duration of state-store operations (get, put, delete, range, all, flush), by store: the metered store layer.");

    public static readonly Counter<long> DroppedRecords = Meter.CreateCounter<long>("streaming.streams.dropped.records", "{record}", "Records skipped by the error handlers.");
}
