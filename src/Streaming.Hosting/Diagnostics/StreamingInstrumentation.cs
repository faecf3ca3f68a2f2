using System.Diagnostics;
using System.Diagnostics.Metrics;
using Streaming.Hosting.Consumers;

namespace Streaming.Hosting.Diagnostics;

/// <summary>The host's ActivitySource and instruments; one per service provider.</summary>
internal sealed class StreamingInstrumentation : IDisposable
{
    internal static readonly ActivitySource ActivitySource = new(StreamingDiagnostics.ActivitySourceName);

    private readonly Meter _meter;

    public StreamingInstrumentation(IMeterFactory meterFactory, ConsumerWorkerRegistry workers)
    {
        _meter = meterFactory.Create(StreamingDiagnostics.MeterName);
        Sent = _meter.CreateCounter<long>(StreamingDiagnostics.SentMessages, "{message}", "Records produced");
        Consumed = _meter.CreateCounter<long>(StreamingDiagnostics.ConsumedMessages, "{message}", "Records handed to handlers");
        DeadLettered = _meter.CreateCounter<long>(StreamingDiagnostics.DeadLetteredMessages, "{message}", "Records sent to a dead-letter topic");
        ProcessDuration = _meter.CreateHistogram<double>(StreamingDiagnostics.ProcessDuration, "s", "Handler duration, retries included");
        _meter.CreateObservableGauge(StreamingDiagnostics.ConsumerLag, () => ObserveLag(workers), "{message}", "Log end offset minus the next offset to process");
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

    public void Dispose() => _meter.Dispose();
}
