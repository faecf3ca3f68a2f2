using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Streaming.Broker;
using Streaming.Broker.Protocol;
using Streaming.Hosting.Consumers;
using Streaming.Hosting.Diagnostics;

namespace Streaming.Hosting.Internal;

/// <summary>
/// Runs first and stops last: opens the transport, starts the embedded broker's listener when asked, and creates the
/// declared topics and the dead-letter topics (retrying broker faults with backoff).
/// </summary>
internal sealed class StreamingStartup(IStreamingTransport transport, IOptions<StreamingOptions> options, ConsumerWorkerRegistry workers,
    StreamingReadiness readiness, TimeProvider time, ILogger<StreamingStartup> logger) : IHostedService
{
    private KafkaListener? _listener;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartCoreAsync(cancellationToken).ConfigureAwait(false);
            readiness.SetReady();
        }
        catch (Exception ex)
        {
            readiness.SetFailed(ex);
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        Log.TransportReady(logger, transport.Name);
        if (transport is EmbeddedBroker broker && settings.EmbeddedBroker.Listener.Enabled)
        {
            var listener = settings.EmbeddedBroker.Listener;
            _listener = KafkaListener.Start(broker, new KafkaListenerOptions { Host = listener.Host, Port = listener.Port, AdvertisedHost = listener.AdvertisedHost });
            Log.ListenerStarted(logger, _listener.BootstrapServers);
        }
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RetriableException>(),
                MaxRetryAttempts = 5,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(200),
                OnRetry = a =>
                {
                    Log.BrokerRetry(logger, a.Outcome.Exception!, "create topics", a.AttemptNumber + 1, a.RetryDelay);
                    return default;
                },
            })
            .Build();
        await pipeline.ExecuteAsync(ct => new ValueTask(CreateTopicsAsync(settings, ct)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the declared topics, then the dead-letter topics with their source topic's partition count (declared, or
    /// as the source exists), so a partition's dead letters can keep to one partition as its records do.
    /// </summary>
    private async Task CreateTopicsAsync(StreamingOptions settings, CancellationToken cancellationToken)
    {
        var deadLetters = workers.DeadLetterTopics().ToList();
        if (settings.Topics.Count == 0 && deadLetters.Count == 0) return;
        using var admin = transport.CreateAdminClient(new AdminClientConfig());
        var existing = (await admin.ListTopicsAsync(false, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var partitions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var topic in settings.Topics)
        {
            partitions[topic.Name] = topic.Partitions;
            await CreateAsync(admin, existing, new TopicSpecification { Name = topic.Name, NumPartitions = topic.Partitions, Configs = new Dictionary<string, string>(topic.Configs) },
                cancellationToken).ConfigureAwait(false);
        }
        var undeclared = deadLetters.Select(d => d.Source).Where(s => !partitions.ContainsKey(s) && existing.Contains(s)).Distinct(StringComparer.Ordinal).ToList();
        if (undeclared.Count > 0)
        {
            foreach (var description in await admin.DescribeTopicsAsync(undeclared, cancellationToken).ConfigureAwait(false))
                partitions[description.Name] = description.Partitions.Count;
        }
        foreach (var (source, deadLetter) in deadLetters)
        {
            // A source neither declared nor existing yet is auto-created later with the broker's default: one partition here.
            int count = partitions.GetValueOrDefault(source, 1);
            await CreateAsync(admin, existing, new TopicSpecification { Name = deadLetter, NumPartitions = count }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CreateAsync(IAdminClient admin, HashSet<string> existing, TopicSpecification spec, CancellationToken cancellationToken)
    {
        if (!existing.Add(spec.Name)) return;
        try
        {
            await admin.CreateTopicsAsync([spec], cancellationToken).ConfigureAwait(false);
            Log.TopicCreated(logger, spec.Name, spec.NumPartitions);
        }
        catch (TopicAlreadyExistsException)
        {
            // another instance created it between the listing and now
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null) await _listener.DisposeAsync().ConfigureAwait(false);
    }
}
