using Streaming.Broker.Groups;
using Streaming.Broker.InProcess;
using Streaming.Broker.Log;
using Streaming.Broker.Producers;
using Streaming.Broker.Storage;
using Streaming.Broker.Topics;
using Streaming.Broker.Transactions;

namespace Streaming.Broker;

/// <summary>
/// The embedded broker: durable partitioned logs in a local directory, in this process. It is also the in-process
/// transport: producers, consumers and admin clients built on it talk to the logs directly, with no network.
/// </summary>
public sealed class EmbeddedBroker : IStreamingTransport, IDisposable
{
    private const string ShutdownStateFile = ".shutdown-state";
    private static ReadOnlySpan<byte> Clean => "clean"u8;
    private static ReadOnlySpan<byte> Dirty => "dirty"u8;

    private readonly IDisposable _lock;
    private readonly ITimer _retentionTimer;
    private readonly ITimer _cleanerTimer;
    private readonly LogCleaner _cleaner;
    private readonly IStorage _storage;
    private readonly ProducerIdManager _producerIds;
    private int _disposed;

    private EmbeddedBroker(EmbeddedBrokerOptions options, IStorage storage, IDisposable directoryLock, bool cleanStart)
    {
        Options = options;
        _storage = storage;
        _lock = directoryLock;
        WasCleanStart = cleanStart;
        DataDirectory = options.DataDirectory;
        ClusterId = ReadOrCreateClusterId(storage, DataDirectory);
        Time = options.TimeProvider;
        var defaults = new Dictionary<string, string>(options.DefaultTopicConfigs, StringComparer.Ordinal);
        TopicConfig.Parse(new Dictionary<string, string>(), defaults); // reject bad defaults before touching any log
        Topics = new TopicManager(storage, DataDirectory, Time, defaults, cleanStart);
        _producerIds = new ProducerIdManager(storage, DataDirectory);
        Committer = new GroupCommitter();
        Groups = new GroupCoordinator(new GroupCoordinatorOptions
        {
            InitialRebalanceDelay = options.GroupInitialRebalanceDelay,
            MinSessionTimeoutMs = (int)options.GroupMinSessionTimeout.TotalMilliseconds,
            MaxSessionTimeoutMs = (int)options.GroupMaxSessionTimeout.TotalMilliseconds,
            OffsetsRetention = options.OffsetsRetention,
            OffsetsRetentionCheckInterval = options.OffsetsRetentionCheckInterval,
            OffsetsTopicPartitions = options.OffsetsTopicPartitions,
        }, Time, new OffsetStore(Topics, Committer, Time, options.OffsetsTopicPartitions));
        Transactions = new TransactionCoordinator(new TransactionCoordinatorOptions
        {
            StateTopicPartitions = options.TransactionStateTopicPartitions,
            MaxTimeout = options.TransactionMaxTimeout,
            TimeoutCheckInterval = options.TransactionTimeoutCheckInterval,
            TransactionalIdExpiration = options.TransactionalIdExpiration,
        }, Topics, Committer, Groups, _producerIds, Time);
        _retentionTimer = Time.CreateTimer(static s =>
        {
            var broker = (EmbeddedBroker)s!;
            broker.RunRetention();
            broker.ExpireProducers();
        }, this, options.RetentionCheckInterval, options.RetentionCheckInterval);
        _cleaner = new LogCleaner(Time);
        _cleanerTimer = Time.CreateTimer(static s => ((EmbeddedBroker)s!).RunLogCleaner(), this, options.LogCleanerInterval, options.LogCleanerInterval);
    }

    /// <summary>Opens the broker on its data directory, recovering the logs if the last stop was not clean.</summary>
    /// <exception cref="DataDirectoryLockedException">Another broker holds the directory.</exception>
    /// <exception cref="InvalidConfigurationException">An option is out of range.</exception>
    public static EmbeddedBroker Open(EmbeddedBrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DataDirectory)) throw new InvalidConfigurationException("DataDirectory (log.dirs) must be set");
        if (options.DefaultPartitions is <= 0 or > TopicManager.MaxPartitions)
            throw new InvalidConfigurationException($"DefaultPartitions (num.partitions) is {options.DefaultPartitions}: it must be between 1 and {TopicManager.MaxPartitions}");
        if (options.OffsetsTopicPartitions is <= 0 or > TopicManager.MaxPartitions)
            throw new InvalidConfigurationException($"OffsetsTopicPartitions (offsets.topic.num.partitions) is {options.OffsetsTopicPartitions}: it must be between 1 and {TopicManager.MaxPartitions}");
        if (options.GroupInitialRebalanceDelay < TimeSpan.Zero || options.GroupMinSessionTimeout <= TimeSpan.Zero || options.GroupMaxSessionTimeout < options.GroupMinSessionTimeout)
            throw new InvalidConfigurationException("group timeouts are out of range: GroupInitialRebalanceDelay must be ≥ 0 and 0 < GroupMinSessionTimeout ≤ GroupMaxSessionTimeout");
        if (options.RetentionCheckInterval <= TimeSpan.Zero)
            throw new InvalidConfigurationException($"RetentionCheckInterval (log.retention.check.interval.ms) must be positive, got {options.RetentionCheckInterval}");
        if (options.ProducerIdExpiration <= TimeSpan.Zero)
            throw new InvalidConfigurationException($"ProducerIdExpiration (producer.id.expiration.ms) must be positive, got {options.ProducerIdExpiration}");
        if (options.TransactionStateTopicPartitions is <= 0 or > TopicManager.MaxPartitions)
            throw new InvalidConfigurationException($"TransactionStateTopicPartitions (transaction.state.log.num.partitions) is {options.TransactionStateTopicPartitions}: it must be between 1 and {TopicManager.MaxPartitions}");
        if (options.TransactionMaxTimeout <= TimeSpan.Zero || options.TransactionTimeoutCheckInterval <= TimeSpan.Zero || options.TransactionalIdExpiration <= TimeSpan.Zero)
            throw new InvalidConfigurationException("TransactionMaxTimeout, TransactionTimeoutCheckInterval and TransactionalIdExpiration must be positive");
        if (options.LogCleanerInterval <= TimeSpan.Zero)
            throw new InvalidConfigurationException($"LogCleanerInterval (log.cleaner.backoff.ms) must be positive, got {options.LogCleanerInterval}");

        var storage = options.Storage;
        string directory = Path.GetFullPath(options.DataDirectory);
        options.DataDirectory = directory;
        storage.CreateDirectory(directory);
        var directoryLock = storage.Lock(Path.Combine(directory, ".lock"));
        try
        {
            string statePath = Path.Combine(directory, ShutdownStateFile);
            bool clean = ReadShutdownState(storage, statePath);
            WriteShutdownState(storage, statePath, Dirty); // durable before any log is touched: a crash from now on is unclean
            return new EmbeddedBroker(options, storage, directoryLock, clean);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    private static bool ReadShutdownState(IStorage storage, string path)
    {
        if (!storage.FileExists(path)) return false;
        using var file = storage.Open(path, create: false);
        Span<byte> buffer = stackalloc byte[8];
        int n = file.Read(0, buffer);
        return buffer[..n].SequenceEqual(Clean);
    }

    private static void WriteShutdownState(IStorage storage, string path, ReadOnlySpan<byte> state)
    {
        using var file = storage.Open(path, create: true);
        file.Truncate(0);
        file.Write(0, state);
        file.Flush();
    }

    /// <summary>
    /// The cluster id clients see in Metadata: made once per data directory (Kafka's 22-character base64 form of a UUID)
    /// and kept in <c>cluster.id</c>.
    /// </summary>
    public string ClusterId { get; }

    private static string ReadOrCreateClusterId(IStorage storage, string directory)
    {
        string path = Path.Combine(directory, "cluster.id");
        if (storage.FileExists(path))
        {
            using var existing = storage.Open(path, create: false);
            Span<byte> buffer = stackalloc byte[64];
            string id = System.Text.Encoding.ASCII.GetString(buffer[..existing.Read(0, buffer)]).Trim();
            if (id.Length == 22) return id;
        }
        string created = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var file = storage.Open(path, create: true);
        file.Truncate(0);
        file.Write(0, System.Text.Encoding.ASCII.GetBytes(created));
        file.Flush();
        return created;
    }

    /// <summary>The full path of the data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>True when the previous broker on this directory shut down cleanly (no recovery scan was needed).</summary>
    public bool WasCleanStart { get; }

    /// <summary>Bytes cut from torn or corrupt log tails during start-up recovery.</summary>
    public long RecoveredTruncatedBytes => Topics.RecoveredTruncatedBytes;

    string IStreamingTransport.Name => "in-process";

    internal EmbeddedBrokerOptions Options { get; }

    internal TopicManager Topics { get; }

    internal GroupCommitter Committer { get; }

    internal GroupCoordinator Groups { get; }

    internal TransactionCoordinator Transactions { get; }

    internal TimeProvider Time { get; }

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Runs retention now on every partition; returns how many segments were deleted.</summary>
    public int RunRetention()
    {
        if (IsDisposed) return 0;
        return Topics.ApplyRetention(Time.GetUtcNow());
    }

    /// <summary>
    /// Forgets, in every partition, the idempotent producers idle for <see cref="EmbeddedBrokerOptions.ProducerIdExpiration"/>;
    /// returns how many (producer, partition) states went. The retention timer calls it.
    /// </summary>
    internal int ExpireProducers()
    {
        if (IsDisposed) return 0;
        var now = Time.GetUtcNow();
        int removed = 0;
        foreach (var topic in Topics.All)
            foreach (var log in topic.Partitions)
                removed += log.ExpireProducers(now, Options.ProducerIdExpiration);
        return removed;
    }

    /// <summary>
    /// Gives a new idempotent producer its id, with epoch 0 (Kafka's InitProducerId without a transactional id). Ids
    /// increase and are never handed out twice, across restarts and crashes too.
    /// </summary>
    /// <exception cref="StorageException">A new block of ids could not be made durable.</exception>
    internal (long ProducerId, short Epoch) InitProducerId()
    {
        ThrowIfDisposed();
        return (_producerIds.NextId(), 0);
    }

    /// <summary>
    /// Runs a log cleaner pass now over every compacted partition whose dirty ratio reaches <c>min.cleanable.dirty.ratio</c>;
    /// returns what it did. The background timer calls it every <see cref="EmbeddedBrokerOptions.LogCleanerInterval"/>.
    /// </summary>
    internal CleaningResult RunLogCleaner()
    {
        if (IsDisposed) return default;
        return _cleaner.Run(Topics.All.SelectMany(static t => t.Partitions).ToList());
    }

    /// <summary>Resolves a topic for a client, auto-creating it when the broker allows.</summary>
    internal Topic GetOrCreateTopic(string topic)
    {
        ThrowIfDisposed();
        TopicNames.Validate(topic);
        return Topics.GetOrCreate(topic, Options.AutoCreateTopics, Options.DefaultPartitions);
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    public IProducer<TKey, TValue> CreateProducer<TKey, TValue>(ProducerConfig config, ISerializer<TKey> keySerializer, ISerializer<TValue> valueSerializer)
    {
        ThrowIfDisposed();
        return new InProcessProducer<TKey, TValue>(this, config, keySerializer, valueSerializer);
    }

    public IConsumer<TKey, TValue> CreateConsumer<TKey, TValue>(ConsumerSetup<TKey, TValue> setup)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(setup);
        return new InProcessConsumer<TKey, TValue>(this, setup);
    }

    public IAdminClient CreateAdminClient(AdminClientConfig config)
    {
        ThrowIfDisposed();
        return new InProcessAdminClient(this, config);
    }

    /// <summary>
    /// Tests only: stops as a killed process would — files closed without flushing or writing indexes, no clean-shutdown
    /// marker — and releases the directory lock, so the next open on the directory recovers.
    /// </summary>
    internal void AbandonForTests()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _retentionTimer.Dispose();
        Transactions.Dispose();
        Groups.Dispose();
        _cleanerTimer.Dispose();
        _cleaner.Stop();
        Committer.Dispose();
        Topics.Close(clean: false);
        _lock.Dispose();
    }

    /// <summary>Stops the broker cleanly: every log is fsynced with its indexes and the directory marked clean, then unlocked.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            _retentionTimer.Dispose();
            Transactions.Dispose();
            Groups.Dispose();
            _cleanerTimer.Dispose();
            _cleaner.Stop(); // waits for a running pass, so no cleaned file is swapped in while the logs close
            Committer.Dispose();
            bool clean = true;
            try
            {
                Topics.Close(clean: true);
            }
            catch (Exception ex) when (ex is IOException or StreamingException)
            {
                clean = false;
            }
            // A marker that cannot be written only costs the next start a recovery scan: not a reason to throw from Dispose.
            if (clean) WriteShutdownState(_storage, Path.Combine(DataDirectory, ShutdownStateFile), Clean);
        }
        catch (IOException)
        {
        }
        finally
        {
            _lock.Dispose(); // whatever failed, the directory must not stay locked for the rest of the process
        }
    }
}
