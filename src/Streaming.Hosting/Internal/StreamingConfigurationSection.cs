using Microsoft.Extensions.Configuration;

namespace Streaming.Hosting.Internal;

/// <summary>The configuration section given to <c>AddStreaming(IConfiguration)</c>: consumer options bind from its <c>Consumers:{name}</c>.</summary>
internal sealed class StreamingConfigurationSection(IConfiguration section)
{
    public IConfiguration Section { get; } = section;

    /// <summary>
    /// Where a consumer's options are bound from: <c>Consumers:{name}</c> under the section given to AddStreaming (the
    /// last one, if it was called more than once), else <c>Streaming:Consumers:{name}</c> of the app's configuration.
    /// </summary>
    public static IConfiguration? ForConsumer(IServiceProvider services, string name)
    {
        if (services.GetService(typeof(StreamingConfigurationSection)) is StreamingConfigurationSection streaming)
            return streaming.Section.GetSection($"Consumers:{name}");
        return (services.GetService(typeof(IConfiguration)) as IConfiguration)?.GetSection($"{StreamingOptions.SectionName}:Consumers:{name}");
    }
}
