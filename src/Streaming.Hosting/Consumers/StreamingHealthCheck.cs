using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Streaming.Hosting.Topologies;
using Streaming.Streams;

namespace Streaming.Hosting.Consumers;

/// <summary>
/// Reports each hosted consumer's real state: unhealthy when it is not running, stopped on a fatal error, or has records
/// in flight and finished none for its <see cref="ConsumerHandlerOptions.StallTimeout"/>, or its poll loop has not iterated
/// for that long (blocked in the client, a callback or a commit, whether or not records are in flight); degraded when its lag passes
/// <see cref="ConsumerHandlerOptions.MaxHealthyLag"/>. And each hosted topology's state: Running is healthy; Created,
/// Rebalancing (restoring included) and PendingShutdown are degraded; Error, PendingError and NotRunning while the host
/// runs are unhealthy (NotRunning while the host stops is degraded).
/// </summary>
internal sealed class StreamingHealthCheck(ConsumerWorkerRegistry registry, StreamsApplicationRegistry topologies, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var unhealthy = new List<string>();
        var degraded = new List<string>();
        foreach (var worker in registry.Workers)
        {
            long lag = worker.Lag.Values.Sum();
            data[worker.Name + ".lag"] = lag;
            data[worker.Name + ".in_flight"] = worker.Outstanding;
            data[worker.Name + ".state"] = worker.State.ToString();
            var idleFor = now - worker.LastProgress;
            var pollIdleFor = now - worker.LastPoll;
            data[worker.Name + ".last_poll"] = worker.LastPoll;
            if (worker.State == ConsumerWorkerState.Faulted)
                unhealthy.Add($"consumer '{worker.Name}' stopped on a fatal error: {worker.Fault?.Message}");
            else if (worker.State != ConsumerWorkerState.Running)
                unhealthy.Add($"consumer '{worker.Name}' is {worker.State.ToString().ToLowerInvariant()}");
            else if (worker.Outstanding > 0 && idleFor > worker.Options.StallTimeout)
                unhealthy.Add($"consumer '{worker.Name}' is stalled: {worker.Outstanding} record(s) in flight, none finished for {idleFor.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
            else if (pollIdleFor > worker.Options.StallTimeout)
                unhealthy.Add($"consumer '{worker.Name}' is stalled: its poll loop has not iterated for {pollIdleFor.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
            else if (worker.Options.MaxHealthyLag is { } max && lag > max)
                degraded.Add($"consumer '{worker.Name}' lags {lag} records behind (more than {max})");
        }
        CheckTopologies(data, unhealthy, degraded);
        var result = unhealthy.Count > 0 ? HealthCheckResult.Unhealthy(string.Join("; ", unhealthy), data: data)
            : degraded.Count > 0 ? HealthCheckResult.Degraded(string.Join("; ", degraded), data: data)
            : HealthCheckResult.Healthy(HealthyDescription(), data);
        return Task.FromResult(result);
    }

    private string HealthyDescription()
    {
        int topologyCount = topologies.ApplicationIds.Count;
        return topologyCount == 0 ? $"{registry.Workers.Count} consumer(s) running" : $"{registry.Workers.Count} consumer(s) and {topologyCount} topolog{(topologyCount == 1 ? "y" : "ies")} running";
    }

    private void CheckTopologies(Dictionary<string, object> data, List<string> unhealthy, List<string> degraded)
    {
        var runners = topologies.Runners;
        foreach (string id in topologies.ApplicationIds)
        {
            var runner = runners.FirstOrDefault(r => r.ApplicationId == id);
            var streams = runner?.Streams;
            var state = streams?.State ?? KafkaStreamsState.Created;
            data[id + ".state"] = state.ToString();
            if (streams is null)
            {
                degraded.Add($"topology '{id}' has not started");
                continue;
            }
            var metrics = streams.Metrics();
            data[id + ".processed_records"] = metrics.ProcessedRecords;
            data[id + ".restored_records"] = metrics.RestoredRecords;
            data[id + ".records_to_restore"] = metrics.RecordsToRestore;
            data[id + ".threads"] = streams.MetadataForLocalThreads().Count;
            switch (state)
            {
                case KafkaStreamsState.Running:
                    break;
                case KafkaStreamsState.Error or KafkaStreamsState.PendingError:
                    unhealthy.Add($"topology '{id}' failed: {streams.Error?.Message ?? "(no error recorded)"}");
                    break;
                case KafkaStreamsState.NotRunning when !runner!.Stopping:
                    unhealthy.Add($"topology '{id}' is not running while the host is");
                    break;
                case KafkaStreamsState.Rebalancing when metrics.RecordsToRestore > 0:
                    degraded.Add($"topology '{id}' is restoring its state: {metrics.RecordsToRestore} changelog record(s) left, {metrics.RestoredRecords} restored");
                    break;
                default:
                    degraded.Add($"topology '{id}' is {Describe(state)}");
                    break;
            }
        }
    }

    private static string Describe(KafkaStreamsState state) => state switch
    {
        KafkaStreamsState.Created => "not started yet",
        KafkaStreamsState.Rebalancing => "rebalancing (waiting for its tasks)",
        KafkaStreamsState.PendingShutdown => "shutting down",
        KafkaStreamsState.NotRunning => "stopped (the host is stopping)",
        _ => state.ToString(),
    };
}
