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
    TimeProvider time, ILogger<StreamingStartup> logger) : IHostedService
{
    private KafkaListener? _listener;

    public async Task StartAsync(CancellationToken cancellationToken)
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

    private async Task CreateTopicsAsync(StreamingOptions settings, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<string, TopicSpecification>(StringComparer.Ordinal);
        foreach (var topic in settings.Topics)
            wanted[topic.Name] = new TopicSpecification { Name = topic.Name, NumPartitions = topic.Partitions, Configs = new Dictionary<string, string>(topic.Configs) };
        foreach (var name in workers.DeadLetterTopics())
            wanted.TryAdd(name, new TopicSpecification { Name = name, NumPartitions = 1 });
        if (wanted.Count == 0) return;
        using var admin = transport.CreateAdminClient(new AdminClientConfig());
        var existing = (await admin.ListTopicsAsync(false, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        foreach (var spec in wanted.Values.Where(s => !existing.Contains(s.Name)))
        {
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
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null) await _listener.DisposeAsync().ConfigureAwait(false);
    }
}
