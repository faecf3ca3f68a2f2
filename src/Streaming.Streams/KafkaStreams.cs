using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Streaming.Streams.Runtime;
using Streaming.Streams.State;

namespace Streaming.Streams;

/// <summary>The state of a Streams instance (Kafka Streams' <c>KafkaStreams.State</c>).</summary>
public enum KafkaStreamsState
{
    Created,
    Rebalancing,
    Running,
    PendingShutdown,
    NotRunning,
    PendingError,
    Error,
}

/// <summary>
/// Runs a <see cref="Topology"/> on a transport: one instance of the application <c>application.id</c>. Its
/// <c>num.stream.threads</c> threads join the application's consumer group; Streams' assignor spreads the tasks over every
/// thread of every instance, and each thread processes, restores and commits its tasks (see <see cref="StreamsConfig"/> for
/// the guarantees). Instances of one application on other machines or processes share the work; give each its own
/// <c>state.dir</c>.
/// </summary>
/// <example>
/// <code>
/// await using var streams = new KafkaStreams(builder.Build(), transport);
/// await streams.StartAsync();
/// ...
/// await streams.CloseAsync(TimeSpan.FromSeconds(30));
/// </code>
/// </example>
public sealed class KafkaStreams : IStreamsRuntime, IDisposable, IAsyncDisposable
{
    private readonly Topology _topology;
    private readonly TopologyMetadata _metadata;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly List<StreamThread> _threads = [];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<Exception, StreamThreadExceptionResponse>? _uncaughtHandler;
    private ApplicationDirectory? _directory;
    private GlobalStreamThread? _global;
    private volatile bool _shutdownApplication;
    private Exception? _fatal;
    private long _commits;
    private double _commitSeconds;
    private double _maxCommitSeconds;
    private int _nextThreadIndex;

    public KafkaStreams(Topology topology, IStreamingTransport transport, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(transport);
        _topology = topology;
        _metadata = new TopologyMetadata(topology);
        Transport = transport;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("Streaming.Streams.KafkaStreams");
    }

    /// <summary>The application's settings (those the topology was built with).</summary>
    public StreamsConfig Config => _topology.Config;

    public IStreamingTransport Transport { get; }

    /// <summary>This instance's id: kept in <c>&lt;state.dir&gt;/&lt;application.id&gt;/process.id</c>, so it survives restarts. Empty before start.</summary>
    public Guid ProcessId { get; private set; }

    public KafkaStreamsState State { get; private set; } = KafkaStreamsState.Created;

    /// <summary>Raised on every state change with (new state, old state), on the thread that caused it.</summary>
    public event Action<KafkaStreamsState, KafkaStreamsState>? StateChanged;

    /// <summary>What stopped the instance when it ended in <see cref="KafkaStreamsState.Error"/>.</summary>
    public Exception? Error => _fatal;

    bool IStreamsRuntime.ShutdownApplicationRequested => _shutdownApplication;

    /// <summary>
    /// Decides what happens when a stream thread dies of an exception (a processor threw, a poison record under
    /// <c>LogAndFail</c>, a write failed under <c>Fail</c>, ...). Without a handler the instance shuts down
    /// (<see cref="StreamThreadExceptionResponse.ShutdownClient"/>). Set it before <see cref="StartAsync"/>.
    /// </summary>
    public void SetUncaughtExceptionHandler(Func<Exception, StreamThreadExceptionResponse> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            if (State != KafkaStreamsState.Created) throw new InvalidStateException($"the uncaught-exception handler can only be set before start (state is {State})");
            _uncaughtHandler = handler;
        }
    }

    /// <summary>
    /// Checks the source topics, creates the internal topics and starts the stream threads; returns once they run (the state
    /// is then <see cref="KafkaStreamsState.Rebalancing"/> until the tasks are assigned and restored — see <see cref="WaitForStateAsync"/>).
    /// </summary>
    /// <exception cref="StreamsException">A source topic is missing, or an internal topic exists with the wrong partition count.</exception>
    /// <exception cref="DataDirectoryLockedException">Another instance uses this state directory.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (State != KafkaStreamsState.Created) throw new InvalidStateException($"a KafkaStreams instance starts only once (state is {State}); create a new one");
            _directory = ApplicationDirectory.Open(Config.StateDirectory, Config.ApplicationId);
            ProcessId = _directory.ProcessId;
        }
        try
        {
            using (IAdminClient admin = Transport.CreateAdminClient(new AdminClientConfig(Config.ClientConfig) { ClientId = $"{Config.ApplicationId}-admin" }))
            {
                await new InternalTopicManager(_metadata, admin, _logger).PrepareAsync(cancellationToken).ConfigureAwait(false);
            }
            // Global stores are complete before any task reads them.
            _global = await Task.Run(() => GlobalStreamThread.CreateAndRestore(_topology, this, _logger, cancellationToken), cancellationToken).ConfigureAwait(false);
            _global?.Start();
            lock (_gate)
            {
                if (State != KafkaStreamsState.Created) throw new InvalidStateException($"the instance was closed while starting (state is {State})");
                SetState(KafkaStreamsState.Rebalancing);
                for (int i = 0; i < Config.NumStreamThreads; i++) StartThread(_nextThreadIndex++);
            }
        }
        catch
        {
            StopGlobal();
            lock (_gate)
            {
                _directory?.Dispose();
                _directory = null;
                if (State != KafkaStreamsState.NotRunning)
                {
                    SetState(KafkaStreamsState.PendingShutdown);
                    SetState(KafkaStreamsState.NotRunning);
                }
            }
            _stopped.TrySetResult();
            throw;
        }
    }

    /// <summary>Starts synchronously; see <see cref="StartAsync"/>.</summary>
    public void Start() => StartAsync().GetAwaiter().GetResult();

    /// <summary>Waits until the instance reaches <paramref name="state"/>; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>, or when it ends in another state.</summary>
    public async Task WaitForStateAsync(KafkaStreamsState state, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChange(KafkaStreamsState now, KafkaStreamsState _)
        {
            if (now == state) reached.TrySetResult();
            else if (now is KafkaStreamsState.NotRunning or KafkaStreamsState.Error)
                reached.TrySetException(new InvalidStateException($"the instance ended in {now} while waiting for {state}" + (_fatal is null ? "" : $": {_fatal.Message}"), _fatal));
        }
        StateChanged += OnChange;
        try
        {
            KafkaStreamsState now = State;
            if (now == state) return;
            if (now is KafkaStreamsState.NotRunning or KafkaStreamsState.Error) OnChange(now, now);
            await reached.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (System.TimeoutException)
        {
            throw new Streaming.TimeoutException($"the instance did not reach {state} within {timeout} (it is {State})");
        }
        finally
        {
            StateChanged -= OnChange;
        }
    }

    /// <summary>
    /// Stops the threads — each commits, closes its tasks (checkpointing their state) and leaves the group — and waits up to
    /// <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>: as long as it takes). True when everything stopped in time.
    /// </summary>
    public async Task<bool> CloseAsync(TimeSpan timeout)
    {
        if (timeout != Timeout.InfiniteTimeSpan) ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        List<StreamThread> threads;
        lock (_gate)
        {
            if (State == KafkaStreamsState.Created)
            {
                SetState(KafkaStreamsState.PendingShutdown);
                SetState(KafkaStreamsState.NotRunning);
                _stopped.TrySetResult();
                return true;
            }
            if (State is KafkaStreamsState.Rebalancing or KafkaStreamsState.Running) SetState(KafkaStreamsState.PendingShutdown);
            threads = [.. _threads];
        }
        foreach (StreamThread t in threads) t.RequestStop();
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        bool all = true;
        foreach (StreamThread t in threads)
        {
            TimeSpan left = timeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : timeout - System.Diagnostics.Stopwatch.GetElapsedTime(start);
            all &= await Task.Run(() => t.Join(left == Timeout.InfiniteTimeSpan || left > TimeSpan.Zero ? left : TimeSpan.Zero)).ConfigureAwait(false);
        }
        if (all)
        {
            StopGlobal();
            Finish();
        }
        return all;
    }

    private void StopGlobal()
    {
        GlobalStreamThread? global = Interlocked.Exchange(ref _global, null);
        if (global is null) return;
        global.RequestStop();
        global.Join(TimeSpan.FromSeconds(30));
        global.Close();
    }

    IReadOnlyDictionary<string, IStateStore>? IStreamsRuntime.GlobalStores => _global?.Stores;

    void IStreamsRuntime.OnGlobalThreadFailed(Exception exception)
    {
        lock (_gate)
        {
            if (State is KafkaStreamsState.PendingShutdown or KafkaStreamsState.NotRunning or KafkaStreamsState.PendingError or KafkaStreamsState.Error) return;
            _fatal ??= exception;
            SetState(KafkaStreamsState.PendingError);
        }
        _ = Task.Run(() => CloseAsync(TimeSpan.FromSeconds(60)));
    }

    /// <summary>Closes synchronously; see <see cref="CloseAsync"/>.</summary>
    public bool Close(TimeSpan timeout) => CloseAsync(timeout).GetAwaiter().GetResult();

    /// <summary>Completes when the instance has stopped (closed, or failed into <see cref="KafkaStreamsState.Error"/>).</summary>
    public Task Completion => _stopped.Task;

    /// <summary>Deletes this application's local state directory; only while the instance is not running.</summary>
    public void CleanUp()
    {
        lock (_gate)
        {
            if (State is not (KafkaStreamsState.Created or KafkaStreamsState.NotRunning or KafkaStreamsState.Error))
                throw new InvalidStateException($"the local state can only be deleted while the instance is not running (state is {State})");
            string path = Path.Combine(Config.StateDirectory, Config.ApplicationId);
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>This instance's threads and their tasks.</summary>
    public IReadOnlyList<ThreadMetadata> MetadataForLocalThreads()
    {
        lock (_gate)
        {
            return [.. _threads.Select(t => new ThreadMetadata(t.Name, t.State.ToString(), t.Tasks))];
        }
    }

    /// <summary>A snapshot of the instance's figures: records processed, commits, restoration and store sizes.</summary>
    public StreamsMetricsSnapshot Metrics()
    {
        lock (_gate)
        {
            long restored = 0, remaining = 0;
            foreach (StreamThread t in _threads)
            {
                (long r, long left) = t.RestoreProgress;
                restored += r;
                remaining += left;
            }
            return new StreamsMetricsSnapshot(
                _threads.Sum(t => t.ProcessedRecords) + _retiredProcessed,
                _commits,
                _commits == 0 ? 0 : _commitSeconds / _commits,
                _maxCommitSeconds,
                restored,
                remaining,
                _threads.Sum(t => t.DroppedRecords) + _retiredDropped,
                [.. _threads.SelectMany(t => t.StoreSizes())]);
        }
    }

    /// <summary>
    /// A read-only view of the key-value store <paramref name="storeName"/> across this instance's tasks (interactive
    /// queries). Reads see the latest writes (through the record cache). A read while the instance is not
    /// <see cref="KafkaStreamsState.Running"/> throws <see cref="InvalidStateStoreException"/> (retriable); keys of tasks on
    /// other instances are simply not found here — <see cref="QueryMetadataForKey{TKey}"/> says where they live.
    /// </summary>
    /// <param name="storeName">The store's name.</param>
    /// <param name="includeStandby">Also read standby copies (possibly behind the active one).</param>
    /// <exception cref="UnknownStateStoreException">The topology has no such store.</exception>
    public IReadOnlyKeyValueStore<TKey, TValue> KeyValueStore<TKey, TValue>(string storeName, bool includeStandby = false)
    {
        CheckStore(storeName);
        return new CompositeReadOnlyKeyValueStore<TKey, TValue>(this, storeName, includeStandby);
    }

    /// <summary>
    /// The timestamped view of a DSL store: values with the timestamp of their last update. See <see cref="KeyValueStore{TKey, TValue}"/>.
    /// </summary>
    public IReadOnlyKeyValueStore<TKey, ValueAndTimestamp<TValue>> TimestampedKeyValueStore<TKey, TValue>(string storeName, bool includeStandby = false)
    {
        CheckStore(storeName);
        return new CompositeReadOnlyKeyValueStore<TKey, ValueAndTimestamp<TValue>>(this, storeName, includeStandby);
    }

    /// <summary>
    /// A read-only view of the window store <paramref name="storeName"/> (a windowed aggregation's, say) across this
    /// instance's tasks: fetch one window, a key's windows in a time range, every window in a range, or all. Same rules as
    /// <see cref="KeyValueStore{TKey, TValue}"/>.
    /// </summary>
    public IReadOnlyWindowStore<TKey, TValue> WindowStore<TKey, TValue>(string storeName, bool includeStandby = false)
    {
        CheckStore(storeName);
        return new CompositeReadOnlyWindowStore<TKey, TValue>(this, storeName, includeStandby);
    }

    /// <summary>A read-only view of the session store <paramref name="storeName"/> across this instance's tasks. Same rules as <see cref="KeyValueStore{TKey, TValue}"/>.</summary>
    public IReadOnlySessionStore<TKey, TValue> SessionStore<TKey, TValue>(string storeName, bool includeStandby = false)
    {
        CheckStore(storeName);
        return new CompositeReadOnlySessionStore<TKey, TValue>(this, storeName, includeStandby);
    }

    /// <summary>Runs <paramref name="read"/> over each local copy of a store, under its thread's lock, until it returns true; true if one did.</summary>
    internal bool QueryStores(string storeName, bool includeStandby, Func<IStateStore, bool> read)
    {
        List<StreamThread> threads;
        lock (_gate)
        {
            if (State != KafkaStreamsState.Running)
                throw new InvalidStateStoreException($"store '{storeName}' cannot be queried while the instance is {State}: tasks may be moving or restoring; retry");
            threads = [.. _threads];
        }
        if (_global?.Stores.TryGetValue(storeName, out IStateStore? global) == true) return read(global);
        foreach (StreamThread thread in threads)
        {
            lock (thread.QueryLock)
            {
                foreach ((TaskId _, IStateStore store) in thread.QueryableStores(storeName, includeStandby))
                {
                    if (read(store)) return true;
                }
            }
        }
        return false;
    }

    private void CheckStore(string storeName)
    {
        ArgumentNullException.ThrowIfNull(storeName);
        if (!_topology.HasStore(storeName)) throw new UnknownStateStoreException($"the topology of '{Config.ApplicationId}' has no store '{storeName}'");
    }

    /// <summary>Every instance of the application with an <c>application.server</c>, as the last rebalance placed tasks.</summary>
    public IReadOnlyList<StreamsMetadata> MetadataForAllStreamsClients()
    {
        AssignmentInfo? info = LatestAssignment();
        if (info is null) return [];
        var hosts = info.ActiveByHost.Keys.Union(info.StandbyByHost.Keys).Order(StringComparer.Ordinal);
        return [.. hosts.Select(h => Metadata(h, info))];
    }

    /// <summary>The instances holding store <paramref name="storeName"/> (actively or as standby).</summary>
    public IReadOnlyList<StreamsMetadata> StreamsMetadataForStore(string storeName)
    {
        CheckStore(storeName);
        return [.. MetadataForAllStreamsClients().Where(m => m.StateStoreNames.Contains(storeName) || m.StandbyStateStoreNames.Contains(storeName))];
    }

    /// <summary>
    /// Which instance runs the task holding <paramref name="key"/> of store <paramref name="storeName"/> (the key is
    /// partitioned as the producer's default partitioner does: murmur2 of its serialized bytes), and which hold standby
    /// copies. Needs <c>application.server</c> set on the instances.
    /// </summary>
    /// <exception cref="InvalidStateStoreException">No assignment is known yet, or no instance with an <c>application.server</c> holds the key's task (retriable).</exception>
    public KeyQueryMetadata QueryMetadataForKey<TKey>(string storeName, TKey key, ISerializer<TKey> keySerializer)
    {
        CheckStore(storeName);
        ArgumentNullException.ThrowIfNull(keySerializer);
        if (_topology.GlobalStoreNames.Contains(storeName))
            throw new InvalidOperationException($"'{storeName}' is a global store: every instance holds every key, so query it locally (KeyValueStore)");
        AssignmentInfo info = LatestAssignment() ?? throw new InvalidStateStoreException("no assignment is known yet: wait until the instance has joined its group");
        int subtopology = _metadata.SubtopologyOfStore(storeName);
        if (subtopology < 0 || subtopology >= info.TasksPerSubtopology.Count || info.TasksPerSubtopology[subtopology] == 0)
            throw new InvalidStateStoreException($"store '{storeName}' has no tasks in the current assignment");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        keySerializer.Serialize(key, buffer, new SerializationContext(MessageComponentType.Key, _metadata.SourceTopicsOf(subtopology)[0]));
        int partition = Partitioners.ForKey(buffer.WrittenSpan, info.TasksPerSubtopology[subtopology]);
        var task = new TaskId(subtopology, partition);
        string active = info.ActiveByHost.FirstOrDefault(h => h.Value.Contains(task)).Key
            ?? throw new InvalidStateStoreException($"no instance with an application.server runs task {task} of store '{storeName}' now (rebalancing, or application.server unset)");
        var standbys = info.StandbyByHost.Where(h => h.Value.Contains(task)).Select(h => HostInfo.Parse(h.Key)).ToList();
        return new KeyQueryMetadata(HostInfo.Parse(active), standbys, partition);
    }

    private AssignmentInfo? LatestAssignment()
    {
        lock (_gate)
        {
            return _threads.Select(t => t.LastAssignment).Where(a => a is not null).OrderByDescending(a => a!.Value.Generation).FirstOrDefault()?.Info;
        }
    }

    private StreamsMetadata Metadata(string host, AssignmentInfo info)
    {
        IReadOnlyList<TaskId> activeTasks = info.ActiveByHost.GetValueOrDefault(host) ?? [];
        IReadOnlyList<TaskId> standby = info.StandbyByHost.GetValueOrDefault(host) ?? [];
        HashSet<string> Stores(IEnumerable<TaskId> tasks) => [.. tasks.Select(t => t.Subtopology).Distinct().SelectMany(s => _topology.StoresOf(s))];
        HashSet<string> active = Stores(activeTasks);
        active.UnionWith(_topology.GlobalStoreNames); // every instance holds every global store
        List<TopicPartition> Partitions(IEnumerable<TaskId> tasks) => [.. tasks.SelectMany(t => _metadata.SourceTopicsOf(t.Subtopology).Select(topic => new TopicPartition(topic, t.Partition)))];
        return new StreamsMetadata(HostInfo.Parse(host), active, Partitions(activeTasks), Stores(standby), Partitions(standby));
    }

    private long _retiredProcessed;
    private long _retiredDropped;

    public void Dispose() => Close(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync() => await CloseAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);

    IReadOnlyDictionary<TaskId, long> IStreamsRuntime.TaskOffsetSums()
    {
        Dictionary<TaskId, long> sums = _directory?.CheckpointedOffsetSums() ?? [];
        List<StreamThread> threads;
        lock (_gate) threads = [.. _threads];
        foreach (StreamThread t in threads)
        {
            foreach ((TaskId task, long sum) in t.OffsetSums()) sums[task] = sum;
        }
        return sums;
    }

    StreamThreadExceptionResponse IStreamsRuntime.OnThreadFailed(StreamThread thread, Exception exception)
    {
        StreamThreadExceptionResponse response = StreamThreadExceptionResponse.ShutdownClient;
        if (_uncaughtHandler is { } handler)
        {
            try
            {
                response = handler(exception);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "the uncaught-exception handler threw; shutting the instance down");
                response = StreamThreadExceptionResponse.ShutdownClient;
            }
        }
        lock (_gate)
        {
            if (State is KafkaStreamsState.PendingShutdown or KafkaStreamsState.NotRunning) return StreamThreadExceptionResponse.ShutdownClient;
            if (response == StreamThreadExceptionResponse.ReplaceThread) return response;
            _fatal ??= exception;
            if (response == StreamThreadExceptionResponse.ShutdownApplication) _shutdownApplication = true;
            SetState(KafkaStreamsState.PendingError);
        }
        return response;
    }

    void IStreamsRuntime.OnThreadStopped(StreamThread thread)
    {
        bool stopOthers = false;
        lock (_gate)
        {
            if (thread.Failure is not null && State is KafkaStreamsState.Rebalancing or KafkaStreamsState.Running)
            {
                // ReplaceThread: a new thread (same index, so the same transactional id) takes the dead one's place.
                _threads.Remove(thread);
                _retiredProcessed += thread.ProcessedRecords;
                _retiredDropped += thread.DroppedRecords;
                StreamThread replacement = StartThread(thread.Index);
                StreamsLog.ThreadReplaced(_logger, thread.Name, replacement.Name);
                return;
            }
            if (State == KafkaStreamsState.PendingError) stopOthers = true;
        }
        if (stopOthers) _ = Task.Run(() => CloseAsync(TimeSpan.FromSeconds(60)));
        else Recompute();
    }

    void IStreamsRuntime.OnThreadStateChanged(StreamThread thread, StreamThreadState state) => Recompute();

    void IStreamsRuntime.OnShutdownApplicationReceived()
    {
        lock (_gate)
        {
            if (State is KafkaStreamsState.PendingShutdown or KafkaStreamsState.NotRunning or KafkaStreamsState.PendingError or KafkaStreamsState.Error) return;
            StreamsLog.ShutdownRequested(_logger, Config.ApplicationId);
            _fatal ??= new StreamsException($"an instance of application '{Config.ApplicationId}' asked every instance to shut down");
            SetState(KafkaStreamsState.PendingError);
        }
        _ = Task.Run(() => CloseAsync(TimeSpan.FromSeconds(60)));
    }

    void IStreamsRuntime.RecordCommit(double seconds)
    {
        lock (_gate)
        {
            _commits++;
            _commitSeconds += seconds;
            if (seconds > _maxCommitSeconds) _maxCommitSeconds = seconds;
        }
    }

    private StreamThread StartThread(int index)
    {
        var thread = new StreamThread(this, _metadata, index, _loggerFactory.CreateLogger("Streaming.Streams.StreamThread"));
        _threads.Add(thread);
        thread.Start();
        return thread;
    }

    private void Recompute()
    {
        lock (_gate)
        {
            if (State is not (KafkaStreamsState.Rebalancing or KafkaStreamsState.Running)) return;
            var alive = _threads.Where(t => t.State != StreamThreadState.Dead).ToList();
            if (alive.Count == 0) return;
            SetState(alive.All(t => t.State == StreamThreadState.Running) ? KafkaStreamsState.Running : KafkaStreamsState.Rebalancing);
        }
    }

    private void Finish()
    {
        lock (_gate)
        {
            if (State is KafkaStreamsState.NotRunning or KafkaStreamsState.Error) return;
            _directory?.Dispose();
            _directory = null;
            SetState(State == KafkaStreamsState.PendingError ? KafkaStreamsState.Error : KafkaStreamsState.NotRunning);
        }
        _stopped.TrySetResult();
    }

    private void SetState(KafkaStreamsState next)
    {
        KafkaStreamsState previous = State;
        if (previous == next) return;
        State = next;
        StreamsLog.StateTransition(_logger, Config.ApplicationId, ProcessId, previous, next);
        try
        {
            StateChanged?.Invoke(next, previous);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "a state listener threw");
        }
    }
}

/// <summary>A snapshot of an instance's figures (the same values feed the <c>Streaming.Streams</c> meter).</summary>
/// <param name="ProcessedRecords">Records processed since start.</param>
/// <param name="Commits">Commits made.</param>
/// <param name="AverageCommitSeconds">Mean commit latency.</param>
/// <param name="MaxCommitSeconds">Slowest commit.</param>
/// <param name="RestoredRecords">Changelog records replayed into stores.</param>
/// <param name="RecordsToRestore">Changelog records the running restorations still have to replay.</param>
/// <param name="DroppedRecords">Records skipped by the deserialization and production exception handlers.</param>
/// <param name="StoreSizes">Approximate entries of each store of each task, as of its last commit.</param>
public sealed record StreamsMetricsSnapshot(long ProcessedRecords, long Commits, double AverageCommitSeconds, double MaxCommitSeconds,
    long RestoredRecords, long RecordsToRestore, long DroppedRecords, IReadOnlyList<StoreSize> StoreSizes);
