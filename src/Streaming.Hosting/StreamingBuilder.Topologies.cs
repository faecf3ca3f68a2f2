using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Hosting.Internal;
using Streaming.Hosting.Topologies;
using Streaming.Streams;

namespace Streaming.Hosting;

public sealed partial class StreamingBuilder
{
    /// <summary>See <see cref="AddTopology(string, Action{StreamsBuilder, IServiceProvider}, Action{TopologyOptions}?)"/>.</summary>
    public StreamingBuilder AddTopology(string applicationId, Action<StreamsBuilder> build, Action<TopologyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        return AddTopology(applicationId, (builder, _) => build(builder), configure);
    }

    /// <summary>
    /// Runs a Streams topology as a hosted service on the configured transport: built with <paramref name="build"/> when the host
    /// starts (after the declared topics are created), started, and closed — committing its progress — when the host stops. Its
    /// options bind from <c>Topologies:{applicationId}</c> under the streaming section (<c>Streaming:Topologies:{applicationId}</c>),
    /// then <paramref name="configure"/> applies; they are validated at start. Several topologies (distinct application ids)
    /// can run in one host; <see cref="IStreamsApplications"/> gives their running instances.
    /// </summary>
    /// <param name="applicationId"><c>application.id</c>: the consumer group, the prefix of internal topics and the state directory's name.</param>
    /// <param name="build">Declares the topology on the builder; gets the host's services.</param>
    /// <param name="configure">Sets the topology's options.</param>
    public StreamingBuilder AddTopology(string applicationId, Action<StreamsBuilder, IServiceProvider> build, Action<TopologyOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationId);
        ArgumentNullException.ThrowIfNull(build);
        _ = new StreamsConfig { ApplicationId = applicationId }; // validates the id now, with Streams' message
        if (Services.Any(d => d.ServiceType == typeof(TopologyRegistration) && ((TopologyRegistration)d.ImplementationInstance!).ApplicationId == applicationId))
            throw new InvalidOperationException($"a topology with application id '{applicationId}' is already added: give each topology its own application id");
        var registration = new TopologyRegistration(applicationId, build);
        Services.AddSingleton(registration);
        var options = Services.AddOptions<TopologyOptions>(applicationId)
            .Configure<IServiceProvider>((o, sp) => StreamingConfigurationSection.ForTopology(sp, applicationId)?.Bind(o));
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        Services.AddSingleton<IHostedService>(sp => new TopologyRunner(registration, sp));
        return this;
    }
}
