using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Hosting.Diagnostics;
using Streaming.Hosting.Internal;
using Streaming.Streams;

namespace Streaming.Hosting.Topologies;

/// <summary>
/// Runs one topology as a hosted service: builds it when the host starts (after the declared topics exist), starts its
/// <see cref="KafkaStreams"/>, closes it — committing — when the host stops, and stops the host when it fails (unless told not to).
/// </summary>
internal sealed class TopologyRunner : IHostedService, IAsyncDisposable
{
    private readonly TopologyRegistration _registration;
    private readonly IServiceProvider _services;
    private readonly IStreamingTransport _transport;
    private readonly StreamingReadiness _readiness;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly HostOptions _hostOptions;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private volatile KafkaStreams? _streams;
    private volatile bool _stopping;
    private volatile bool _started;

    public TopologyRunner(TopologyRegistration registration, IServiceProvider services)
    {
        _registration = registration;
        _services = services;
        // Resolved here, before the host starts: the transport then outlives this service when the container disposes them.
        _transport = services.GetRequiredService<IStreamingTransport>();
        _readiness = services.GetRequiredService<StreamingReadiness>();
        _lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        _hostOptions = services.GetService<IOptions<HostOptions>>()?.Value ?? new HostOptions();
        _loggerFactory = services.GetRequiredService<ILoggerFactory>();
        _logger = _loggerFactory.CreateLogger("Streaming.Hosting.Topology." + registration.ApplicationId);
        Options = services.GetRequiredService<IOptionsMonitor<TopologyOptions>>().Get(registration.ApplicationId);
        StopHostOnError = Options.StopHostOnError ?? services.GetRequiredService<IOptions<StreamingOptions>>().Value.StopHostOnFatalError;
        services.GetRequiredService<StreamsApplicationRegistry>().Add(this);
    }

    public string ApplicationId => _registration.ApplicationId;

    public TopologyOptions Options { get; }

    public bool StopHostOnError { get; }

    /// <summary>The running instance; null until the host starts it.</summary>
    public KafkaStreams? Streams => _streams;

    /// <summary>The built topology; null until the host starts it.</summary>
    public Topology? Topology { get; private set; }

    /// <summary>Whether the host is stopping (or stopped) this topology, so that NotRunning is expected.</summary>
    public bool Stopping => _stopping || _lifetime.ApplicationStopping.IsCancellationRequested;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _readiness.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        KafkaStreams streams;
        try
        {
            var config = StreamsConfigFactory.Create(ApplicationId, Options, _services, _transport);
            var builder = new StreamsBuilder(config);
            _registration.Build(builder, _services);
            Topology = builder.Build();
            await ThrowIfSourcesMissingAsync(Topology, cancellationToken).ConfigureAwait(false);
            streams = new KafkaStreams(Topology, _transport, _loggerFactory);
            if (Options.UncaughtExceptionHandler is { } handler) streams.SetUncaughtExceptionHandler(handler);
            streams.StateChanged += OnStateChanged;
            _streams = streams;
            Log.TopologyStarting(_logger, ApplicationId, config.NumStreamThreads, config.ProcessingGuarantee.Name(), Path.Combine(config.StateDirectory, ApplicationId));
            await streams.StartAsync(cancellationToken).ConfigureAwait(false);
            _started = true;
        }
        catch (Exception ex)
        {
            Log.TopologyStartFailed(_logger, ex, ApplicationId);
            throw;
        }
    }

    /// <summary>Closes the instance — each thread commits, checkpoints its stores and leaves the group — within the host's shutdown timeout.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var streams = _streams;
        if (streams is null) return;
        try
        {
            bool closed = await streams.CloseAsync(_hostOptions.ShutdownTimeout).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!closed) Log.TopologyCloseTimedOut(_logger, ApplicationId);
            else Log.TopologyStopped(_logger, ApplicationId, streams.State);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.TopologyCloseTimedOut(_logger, ApplicationId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_streams is { State: not (KafkaStreamsState.NotRunning or KafkaStreamsState.Error) } streams)
            await streams.CloseAsync(_hostOptions.ShutdownTimeout).ConfigureAwait(false);
    }

    private void OnStateChanged(KafkaStreamsState now, KafkaStreamsState previous)
    {
        if (now == KafkaStreamsState.Error)
        {
            Log.TopologyFailed(_logger, _streams?.Error, ApplicationId);
            if (StopHostOnError && !_stopping)
            {
                Log.StoppingHostForTopology(_logger, ApplicationId);
                // Off this thread: the instance raises StateChanged under its own lock, and stopping the host runs callbacks.
                _ = Task.Run(_lifetime.StopApplication);
            }
        }
        else if (now == KafkaStreamsState.NotRunning && _started && !Stopping)
        {
            Log.TopologyStoppedUnexpectedly(_logger, ApplicationId, now);
        }
    }

    /// <summary>Fails with a message that says how to declare the topics, rather than only that they are missing.</summary>
    private async Task ThrowIfSourcesMissingAsync(Topology topology, CancellationToken cancellationToken)
    {
        var repartition = topology.RepartitionTopics.ToHashSet(StringComparer.Ordinal);
        var sources = topology.SourceTopics.Where(t => !repartition.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
        using var admin = _transport.CreateAdminClient(new AdminClientConfig { ClientId = $"{ApplicationId}-host" });
        var existing = (await admin.ListTopicsAsync(false, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var missing = sources.Where(t => !existing.Contains(t)).ToList();
        if (missing.Count == 0) return;
        string names = string.Join(", ", missing.Select(t => $"'{t}'"));
        throw new InvalidOperationException(
            $"topology '{ApplicationId}' reads {names}, which do(es) not exist: declare the source topics with AddTopic(name, partitions) " +
            $"or {StreamingOptions.SectionName}:Topics so the host creates them at start, or create them before the host starts");
    }
}
