using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Retry;

namespace Streaming.Hosting.Consumers;

/// <summary>Chooses a handler's resilience pipeline: a keyed DI registration, the options' builder, or the default retry.</summary>
internal static class ResiliencePipelines
{
    public static ResiliencePipeline For(string consumerName, ConsumerHandlerOptions options, IServiceProvider services, TimeProvider time)
    {
        if (services.GetKeyedService<ResiliencePipeline>(consumerName) is { } registered) return registered;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time, Name = consumerName };
        if (options.ConfigureResilience is { } configure) configure(builder, services);
        else builder.AddRetry(DefaultRetry());
        return builder.Build();
    }

    /// <summary>3 retries, exponential backoff with jitter from 200 ms, for everything but cancellation.</summary>
    public static RetryStrategyOptions DefaultRetry() => new()
    {
        ShouldHandle = new PredicateBuilder().Handle<Exception>(static e => e is not OperationCanceledException),
        MaxRetryAttempts = 3,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = TimeSpan.FromMilliseconds(200),
    };
}
