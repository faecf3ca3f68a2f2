using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Streaming.Hosting.Diagnostics;
using Streaming.Hosting.Internal;

namespace Streaming.Hosting.Consumers;

/// <summary>
/// A hosted consumer group member: one poll thread owns the consumer (which is not thread-safe) and hands records to
/// lanes — one per partition, or per key slot — that run the handler through the resilience pipeline, at most
/// <see cref="ConsumerHandlerOptions.MaxConcurrency"/> at a time. A lane that retries holds up only its own records.
/// </summary>
internal sealed partial class ConsumerWorker<TKey, TValue> : BackgroundService, IConsumerWorker
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(30);
    private const int MaxBatch = 500;

    private readonly ConsumerRegistration _registration;
    private readonly StreamingOptions _streaming;
    private readonly IStreamingTransport _transport;
    private readonly IServiceProvider _services;
    private readonly IServiceScopeFactory _scopes;
    private readonly StreamingInstrumentation _instrumentation;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly IDeserializer<TKey> _keyDeserializer;
    private readonly IDeserializer<TValue> _valueDeserializer;
    private readonly PartitionProgress _progress;
    private readonly SemaphoreSlim _concurrency;
    private readonly CancellationTokenSource _hardStop = new();
    private readonly Dictionary<LaneKey, Channel<ConsumeResult<byte[]?, byte[]?>>> _lanes = [];
    private readonly List<Task> _laneTasks = [];
    private volatile IReadOnlyDictionary<TopicPartition, long> _lag = new Dictionary<TopicPartition, long>();
    private volatile bool _stopping;
    private volatile ConsumerWorkerState _state;
    private Exception? _fault;
    private long _lastPollTicks;
    private string _faultPosition = "";

    public ConsumerWorker(ConsumerRegistration registration, IServiceProvider services)
    {
        _registration = registration;
        _services = services;
        Options = services.GetRequiredService<IOptionsMonitor<ConsumerHandlerOptions>>().Get(registration.Name);
        _streaming = services.GetRequiredService<IOptions<StreamingOptions>>().Value;
        _transport = services.GetRequiredService<IStreamingTransport>();
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
        _instrumentation = services.GetRequiredService<StreamingInstrumentation>();
        _lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        _time = services.GetRequiredService<TimeProvider>();
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Streaming.Hosting.Consumer." + registration.Name);
        _pipeline = ResiliencePipelines.For(registration.Name, Options, services, _time);
        _keyDeserializer = SerializerResolver.Deserializer<TKey>(services);
        _valueDeserializer = SerializerResolver.Deserializer<TValue>(services);
        _progress = new PartitionProgress(_time);
        _concurrency = new SemaphoreSlim(Options.MaxConcurrency, Options.MaxConcurrency);
        services.GetRequiredService<ConsumerWorkerRegistry>().Add(this);
    }

    public string Name => _registration.Name;

    public string GroupId => _registration.GroupId;

    public ConsumerHandlerOptions Options { get; }

    public ConsumerWorkerState State => _state;

    public Exception? Fault => Volatile.Read(ref _fault);

    public int Outstanding => _progress.Outstanding;

    public DateTimeOffset LastProgress => _progress.LastProgress;

    public DateTimeOffset LastPoll => new(Interlocked.Read(ref _lastPollTicks), TimeSpan.Zero);

    public IReadOnlyDictionary<TopicPartition, long> Lag => _lag;

    public IReadOnlyDictionary<TopicPartition, long> ProcessedPositions() => _progress.Committable();

    public Task WhenProgressAsync() => _progress.WhenProgressAsync();

    private bool IsExactlyOnce => Options.DeliveryGuarantee == DeliveryGuarantee.ExactlyOnce;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Running from here: BackgroundService may start ExecuteAsync later, on another thread.
        _state = ConsumerWorkerState.Running;
        MarkPolled();
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The consumer's calls block: they get a thread of their own rather than a thread-pool thread.
        return Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Stops gracefully; when the host's shutdown timeout runs out, handlers see their token cancelled.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true; // lanes start nothing new from here on; what they started finishes
        using var registration = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _hardStop);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _hardStop.Cancel();
        base.Dispose();
        _hardStop.Dispose();
        _concurrency.Dispose();
    }

    /// <summary>Stamps the poll loop's liveness, which the health check compares with the stall timeout.</summary>
    private void MarkPolled() => Interlocked.Exchange(ref _lastPollTicks, _time.GetUtcNow().UtcTicks);

    private void SetFault(Exception error, string position)
    {
        if (Interlocked.CompareExchange(ref _fault, error, null) is null) _faultPosition = position;
        _stopping = true;
        _progress.Signal();
    }

    private void OnStopped()
    {
        var fault = Fault;
        _state = fault is null ? ConsumerWorkerState.Stopped : ConsumerWorkerState.Faulted;
        _progress.Signal();
        if (fault is null) return;
        Log.ConsumerFatal(_logger, fault, Name, _faultPosition);
        if (_streaming.StopHostOnFatalError)
        {
            Log.StoppingHost(_logger, Name);
            _lifetime.StopApplication();
        }
    }

    private readonly record struct LaneKey(TopicPartition Partition, int Slot);
}
