using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Streaming.Hosting.Tests;

public sealed class DiagnosticsTests
{
    [Fact]
    public async Task Tracing_ProducedInsideAnActivity_HandlerRunsInTheSameTrace()
    {
        using var dir = new TempDirectory();
        using var source = new ActivitySource("Streaming.Hosting.Tests.Tracing");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Streaming.Hosting.Tests.Tracing" or StreamingDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var seen = new TaskCompletionSource<(ActivityTraceId Trace, ActivityKind Kind, string Name, string TraceParent)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new Probe
        {
            OnRecord = (_, c) =>
            {
                var current = Activity.Current!;
                seen.TrySetResult((current.TraceId, current.Kind, current.DisplayName, TestHost.HeaderText(c.Headers, "traceparent")));
                return default;
            },
        };
        await using var host = await TestHost.StartAsync(dir.Path, s => s.AddTopic("traced").AddConsumer<StringHandler>("traced", "tracing"),
            services => services.AddSingleton(probe));

        ActivityTraceId trace;
        using (var parent = source.StartActivity("checkout"))
        {
            trace = parent!.TraceId;
            await host.ProduceAsync("traced", 0, "k", "v");
        }
        var (handlerTrace, kind, name, traceParent) = await seen.Task.WaitAsync(TestHost.Timeout);
        Assert.Equal(trace, handlerTrace);
        Assert.Equal(ActivityKind.Consumer, kind);
        Assert.Equal("traced process", name);
        Assert.Contains(trace.ToHexString(), traceParent);
    }

    [Fact]
    public async Task Metrics_RecordsFlow_CountsSentAndConsumedRecordsDurationAndLag()
    {
        using var dir = new TempDirectory();
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StreamingDiagnostics.MeterName) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.Start();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new Probe { OnRecord = async (_, _) => await release.Task };
        await using var host = await TestHost.StartAsync(dir.Path,
            s => s.AddTopic("metered").AddConsumer<StringHandler>("metered", "metrics", o => o.CommitInterval = TimeSpan.FromMilliseconds(10)),
            services => services.AddSingleton(probe));
        for (int i = 0; i < 5; i++) await host.ProduceAsync("metered", 0, "k", "v" + i);

        // The first record is held: the lag gauge must show the five records not yet finished.
        var deadline = DateTime.UtcNow + TestHost.Timeout;
        while (!Lag(measurements).Contains(5) && DateTime.UtcNow < deadline)
        {
            listener.RecordObservableInstruments();
            await Task.Yield();
        }
        Assert.Contains(5, Lag(measurements));

        release.SetResult();
        await host.WaitUntilConsumedAsync();
        Assert.Equal(5, measurements.Where(m => m.Instrument == StreamingDiagnostics.SentMessages && Equals(m.Tags["messaging.destination.name"], "metered")).Sum(m => m.Value));
        var consumed = measurements.Where(m => m.Instrument == StreamingDiagnostics.ConsumedMessages && Equals(m.Tags["messaging.consumer.group.name"], "metrics")).ToList();
        Assert.Equal(5, consumed.Sum(m => m.Value));
        Assert.All(consumed, m => Assert.Equal("0", m.Tags["messaging.destination.partition.id"]));
        Assert.Equal(5, measurements.Count(m => m.Instrument == StreamingDiagnostics.ProcessDuration && Equals(m.Tags["messaging.consumer.group.name"], "metrics")));
    }

    private static List<double> Lag(IEnumerable<(string Instrument, double Value, Dictionary<string, object?> Tags)> measurements)
        => [.. measurements.Where(m => m.Instrument == StreamingDiagnostics.ConsumerLag && Equals(m.Tags["messaging.consumer.group.name"], "metrics")).Select(m => m.Value)];

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags) result[tag.Key] = tag.Value;
        return result;
    }
}
