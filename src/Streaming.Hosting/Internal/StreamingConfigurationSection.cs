using Microsoft.Extensions.Configuration;

namespace Streaming.Hosting.Internal;

/// <summary>
/// The configuration section given to <c>AddStreaming(IConfiguration)</c>: consumer options bind from its <c>Consumers:{name}</c>,
/// topology options from its <c>Topologies:{application.id}</c>.
/// </summary>
internal sealed class StreamingConfigurationSection(IConfiguration section)
{
    public IConfiguration Section { get; } = section;

    /// <summary>
    /// Where a consumer's options are bound from: <c>Consumers:{name}</c> under the section given to AddStreaming (the
    /// last one, if it was called more than once), else <c>Streaming:Consumers:{name}</c> of the app's configuration.
    /// </summary>
    public static IConfiguration? ForConsumer(IServiceProvider services, string name) => Under(services, $"Consumers:{name}");

    /// <summary>Where a topology's options are bound from: <c>Topologies:{application.id}</c>, as for consumers.</summary>
    public static IConfiguration? ForTopology(IServiceProvider services, string applicationId) => Under(services, $"Topologies:{applicationId}");

    /// <summary>The configuration path of the streaming section, for messages: <c>Streaming</c> unless AddStreaming was given another section.</summary>
    public static string PathOf(StreamingConfigurationSection? section)
        => section?.Section is IConfigurationSection { Path.Length: > 0 } s ? s.Path : StreamingOptions.SectionName;

    private static IConfiguration? Under(IServiceProvider services, string key)
    {
        if (services.GetService(typeof(StreamingConfigurationSection)) is StreamingConfigurationSection streaming)
            return streaming.Section.GetSection(key);
        return (services.GetService(typeof(IConfiguration)) as IConfiguration)?.GetSection($"{StreamingOptions.SectionName}:{key}");
    }
}
