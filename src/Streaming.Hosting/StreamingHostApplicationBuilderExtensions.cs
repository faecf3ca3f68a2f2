using Microsoft.Extensions.DependencyInjection;
using Streaming.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the streaming framework in a host application builder.</summary>
public static class StreamingHostApplicationBuilderExtensions
{
    /// <summary>
    /// Binds <see cref="StreamingOptions"/> from the <c>Streaming</c> section of the builder's configuration, applies
    /// <paramref name="configure"/> on top, and registers the framework (see <c>services.AddStreaming</c>).
    /// </summary>
    public static StreamingBuilder AddStreaming(this IHostApplicationBuilder builder, Action<StreamingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var streaming = builder.Services.AddStreaming(builder.Configuration.GetSection(StreamingOptions.SectionName));
        if (configure is not null) builder.Services.Configure(configure);
        return streaming;
    }
}
