using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Streaming;
using Streaming.Hosting;
using Streaming.Hosting.Consumers;
using Streaming.Hosting.Diagnostics;
using Streaming.Hosting.Internal;
using Streaming.Hosting.Producers;
using Streaming.Hosting.Topologies;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the streaming framework in a service collection.</summary>
public static class StreamingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the transport (the embedded broker unless configured otherwise; disposed with the host), injectable
    /// <see cref="IProducer{TKey, TValue}"/>s, topic creation at start, the health check "streaming", metrics and tracing;
    /// options are validated at start. A second call adds only its configuration. Topologies are added with <c>AddTopology</c>.
    /// </summary>
    public static StreamingBuilder AddStreaming(this IServiceCollection services, Action<StreamingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCore(services);
        if (configure is not null) services.Configure(configure);
        return new StreamingBuilder(services);
    }

    /// <summary>
    /// Same as <see cref="AddStreaming(IServiceCollection, Action{StreamingOptions}?)"/>, binding the options from a
    /// configuration section; consumers' options bind from its <c>Consumers:{name}</c>.
    /// </summary>
    public static StreamingBuilder AddStreaming(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services);
        services.Configure<StreamingOptions>(configuration);
        services.AddSingleton(new StreamingConfigurationSection(configuration)); // consumers bind Consumers:{name} under it
        return new StreamingBuilder(services);
    }

    private static void AddCore(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(StreamingMarker))) return;
        services.AddSingleton<StreamingMarker>();
        services.AddOptions<StreamingOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StreamingInstrumentation>();
        services.TryAddSingleton(sp => new ConsumerWorkerRegistry(sp.GetServices<ConsumerRegistration>(), sp.GetRequiredService<IOptionsMonitor<ConsumerHandlerOptions>>()));
        services.TryAddSingleton(sp => TransportFactory.Create(sp.GetRequiredService<IOptions<StreamingOptions>>().Value));
        services.TryAddSingleton(typeof(IProducer<,>), typeof(HostedProducer<,>));
        services.TryAddSingleton(sp => new ConsumptionTracker(sp.GetRequiredService<ConsumerWorkerRegistry>(), sp.GetRequiredService<IStreamingTransport>()));
        services.TryAddSingleton<StreamingReadiness>();
        services.TryAddSingleton(sp => new StreamsApplicationRegistry(sp.GetServices<TopologyRegistration>(), sp.GetRequiredService<IStreamingTransport>()));
        services.TryAddSingleton<IStreamsApplications>(sp => sp.GetRequiredService<StreamsApplicationRegistry>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TopologyOptions>, TopologyOptionsValidator>());
        // First of the streaming hosted services: it starts before the consumers and stops after them.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StreamingStartup>());
        services.AddHealthChecks().AddCheck<StreamingHealthCheck>("streaming", tags: ["streaming"]);
    }

    private sealed class StreamingMarker;
}
