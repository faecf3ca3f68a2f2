using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streaming.Hosting.Consumers;

/// <summary>
/// Reports each hosted consumer's real state: unhealthy when it is not running, stopped on a fatal error, or has records
/// in flight and finished none for its <see cref="ConsumerHandlerOptions.StallTimeout"/>, or its poll loop has not iterated
/// for that long (blocked in the client, a callback or a commit, whether or not records are in flight); degraded when its lag passes
/// <see cref="ConsumerHandlerOptions.MaxHealthyLag"/>.
/// </summary>
internal sealed class StreamingHealthCheck(ConsumerWorkerRegistry registry, TimeProvider time) : IHealthCheck
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
        var result = unhealthy.Count > 0 ? HealthCheckResult.Unhealthy(string.Join("; ", unhealthy), data: data)
            : degraded.Count > 0 ? HealthCheckResult.Degraded(string.Join("; ", degraded), data: data)
            : HealthCheckResult.Healthy($"{registry.Workers.Count} consumer(s) running", data);
        return Task.FromResult(result);
    }
}
