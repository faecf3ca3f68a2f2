using System.Diagnostics;
using System.Diagnostics.Metrics;
using Streaming.Hosting.Consumers;
using Streaming.Hosting.Topologies;

namespace Streaming.Hosting.Diagnostics;

/// <summary>The host's ActivitySource and instruments; one per service provider.</summary>
internal sealed class StreamingInstrumentation : IDisposable
{
    internal static readonly ActivitySource ActivitySource = new(StreamingDiagnostics.ActivitySourceName);

    private readonly Meter _meter;

    public StreamingInstrumentation(IMeterFactory meterFactory, ConsumerWorkerRegistry workers, StreamsApplicationRegistry topologies)
    {
        _meter = meterFactory.Create(StreamingDiagnostics.MeterName);
        Sent = _meter.CreateCounter<long>(StreamingDiagnostics.SentMessages, "{message}", "Records produced");
        Consumed = _meter.CreateCounter<long>(StreamingDiagnostics.ConsumedMessages, "{message}", "Records handed to handlers");
        DeadLettered = _meter.CreateCounter<long>(StreamingDiagnostics.DeadLetteredMessages, "{message}", "Records sent to a dead-letter topic");
        ProcessDuration = _meter.CreateHistogram<double>(StreamingDiagnostics.ProcessDuration, "s", "Handler duration, retries included");
        _meter.CreateObservableGauge(StreamingDiagnostics.ConsumerLag, () => ObserveLag(workers), "{message}", "Log end offset minus the next offset to process");
        _meter.CreateObservableGauge(StreamingDiagnostics.StoreEntries, () => ObserveStoreSizes(topologies), "{entry}",
            "Approximate entries of each state store of each task, as of its last commit");
        _meter.CreateObservableGauge(StreamingDiagnostics.RecordsToRestore, () => ObserveRestore(topologies), "{record}",
            "Changelog records the running restorations still have to replay");
    }

    public Counter<long> Sent { get; }

    public Counter<long> Consumed { get; }

    public Counter<long> DeadLettered { get; }

    public Histogram<double> ProcessDuration { get; }

    private static IEnumerable<Measurement<long>> ObserveLag(ConsumerWorkerRegistry workers)
    {
        foreach (var worker in workers.Workers)
        {
            foreach (var (tp, lag) in worker.Lag)
                yield return new Measurement<long>(lag, Tags.Partition(worker.GroupId, tp));
        }
    }

    private static IEnumerable<Measurement<long>> ObserveStoreSizes(StreamsApplicationRegistry topologies)
    {
        foreach (var runner in topologies.Runners)
        {
            if (runner.Streams is not { } streams) continue;
            foreach (var size in streams.Metrics().StoreSizes)
                yield return new Measurement<long>(size.Entries, Tags.Store(runner.ApplicationId, size.Task.ToString(), size.Store));
        }
    }

    private static IEnumerable<Measurement<long>> ObserveRestore(StreamsApplicationRegistry topologies)
    {
        foreach (var runner in topologies.Runners)
        {
            if (runner.Streams is { } streams)
                yield return new Measurement<long>(streams.Metrics().RecordsToRestore, Tags.Application(runner.ApplicationId));
        }
    }

    public void Dispose() => _meter.Dispose();
}
