using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Broker;
using Streaming.Streams;

namespace Streaming.Hosting.Topologies;

/// <summary>Turns a topology's (validated) options into the immutable <see cref="StreamsConfig"/> its topology is built with.</summary>
internal static class StreamsConfigFactory
{
    /// <summary>The folder, under the broker's data directory or the content root, that holds applications' state by default.</summary>
    public const string DefaultStateFolder = "streams-state";

    public static StreamsConfig Create(string applicationId, TopologyOptions options, IServiceProvider services, IStreamingTransport transport)
    {
        var guarantee = ProcessingGuarantees.Parse(options.ProcessingGuarantee);
        // The default commit interval depends on the guarantee (30 s or 100 ms): Streams' own default for it unless set.
        TimeSpan commitInterval = options.CommitInterval ?? new StreamsConfig { ApplicationId = applicationId, ProcessingGuarantee = guarantee }.CommitInterval;
        return new StreamsConfig
        {
            ApplicationId = applicationId,
            StateDirectory = StateDirectory(options, services, transport),
            ProcessingGuarantee = guarantee,
            CommitInterval = commitInterval,
            NumStreamThreads = options.NumStreamThreads,
            StateStoreCacheMaxBytes = options.StateStoreCacheMaxBytes,
            ReplicationFactor = options.ReplicationFactor,
            AutoOffsetReset = options.AutoOffsetReset,
            PollTimeout = options.PollTimeout,
            TransactionTimeout = options.TransactionTimeout,
            DefaultDslStore = options.DefaultDslStore,
            DeserializationExceptionHandler = services.GetKeyedService<IDeserializationExceptionHandler>(applicationId)
                ?? DeserializationHandler(options.DeserializationExceptionHandler)!,
            ProductionExceptionHandler = services.GetKeyedService<IProductionExceptionHandler>(applicationId)
                ?? ProductionHandler(options.ProductionExceptionHandler)!,
            ClientConfig = new Dictionary<string, string>(options.Client, StringComparer.Ordinal),
            RocksDbConfigSetter = options.RocksDbConfigSetter,
        };
    }

    /// <summary>
    /// The state directory root: as set, else <c>streams-state</c> under the embedded broker's data directory (so the broker's
    /// data and the state built from it live and go together), else under the host's content root.
    /// </summary>
    public static string StateDirectory(TopologyOptions options, IServiceProvider services, IStreamingTransport transport)
    {
        if (!string.IsNullOrEmpty(options.StateDirectory)) return Path.GetFullPath(options.StateDirectory);
        if (transport is EmbeddedBroker broker) return Path.Combine(broker.DataDirectory, DefaultStateFolder);
        string root = services.GetService<IHostEnvironment>()?.ContentRootPath is { Length: > 0 } contentRoot ? contentRoot : Directory.GetCurrentDirectory();
        return Path.Combine(root, DefaultStateFolder);
    }

    public static IDeserializationExceptionHandler? DeserializationHandler(string? name) => name?.Trim() switch
    {
        var n when string.Equals(n, TopologyOptions.LogAndFail, StringComparison.OrdinalIgnoreCase) => DeserializationExceptionHandlers.LogAndFail,
        var n when string.Equals(n, TopologyOptions.LogAndContinue, StringComparison.OrdinalIgnoreCase) => DeserializationExceptionHandlers.LogAndContinue,
        _ => null,
    };

    public static IProductionExceptionHandler? ProductionHandler(string? name) => name?.Trim() switch
    {
        var n when string.Equals(n, TopologyOptions.Fail, StringComparison.OrdinalIgnoreCase) => ProductionExceptionHandlers.Fail,
        var n when string.Equals(n, TopologyOptions.Continue, StringComparison.OrdinalIgnoreCase) => ProductionExceptionHandlers.Continue,
        _ => null,
    };
}
