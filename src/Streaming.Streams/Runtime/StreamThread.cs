using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Streaming.Streams.Internal;
using Streaming.Streams.State.Internal;

namespace Streaming.Streams.Runtime;

/// <summary>The life of one stream thread (Kafka Streams' <c>StreamThread.State</c>).</summary>
public enum StreamThreadState
{
    Created,
    Starting,
    PartitionsRevoked,
    PartitionsAssigned,
    Running,
    PendingShutdown,
    Dead,
}

/// <summary>
/// One stream thread: a member of the application's group with its own consumer, producer and restore consumer. It turns
/// its assigned partitions into tasks, restores their stores from the changelogs (the tasks' input partitions stay paused
/// meanwhile), processes polled records task by task, punctuates, and commits every <c>commit.interval.ms</c>: caches flushed,
/// then either (at-least-once) output flushed and offsets committed, or (exactly-once v2) offsets sent to the thread's
/// transaction and the transaction committed — fenced by the group generation.
/// </summary>
internal sealed class StreamThread
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);
    private static readonly long RestoreLogIntervalTicks = Stopwatch.Frequency * 5;

    private readonly IStreamsRuntime _owner;
    private readonly TopologyMetadata _metadata;
    private readonly StreamsConfig _config;
    private readonly ILogger _logger;
    private readonly bool _exactlyOnce;
    private readonly StreamsPartitionAssignor _assignor;
    private readonly Dictionary<TaskId, ActiveTask> _tasks = [];
    private readonly Dictionary<TaskId, StandbyTask> _standbys = [];
    private long _probeAtTicks = long.MaxValue;
    private bool _rejoinRequested;
    private long _lastPurgeTicks = Stopwatch.GetTimestamp();
    private IAdminClient? _admin;
    private readonly RecordCache _cache;
    private readonly Dictionary<TopicPartition, ActiveTask> _byPartition = [];
    private readonly Dictionary<TopicPartition, Restorer> _restoring = [];
    private readonly List<(TaskId Id, List<TopicPartition> Partitions)> _pendingTasks = [];
    private readonly List<TaskId> _pendingStandbys = [];
    private readonly Dictionary<TopicPartition, long> _rewind = [];
    private readonly List<ActiveTask> _multiPartitionTasks = [];
    private readonly Func<long> _wallClock = () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private readonly KeyValuePair<string, object?> _appTag;
    private IConsumer<byte[], byte[]>? _consumer;
    private IConsumer<byte[], byte[]>? _restoreConsumer;
    private IProducer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?>? _producer;
    private RecordCollector? _collector;
    private Thread? _thread;
    private volatile bool _stopRequested;
    private bool _inTransaction;
    private long _processedSinceCommit;
    private long _lastCommitTicks;
    private long _lastRestoreLogTicks;
    private IReadOnlyList<TaskId> _previousActive = [];
    private ActiveTask? _lastTask;
    private string? _lastTopic;
    private int _lastPartition = -1;

    public StreamThread(IStreamsRuntime owner, TopologyMetadata metadata, int index, ILogger logger)
    {
        _owner = owner;
        _metadata = metadata;
        _config = metadata.Topology.Config;
        _logger = logger;
        Index = index;
        Name = $"{_config.ApplicationId}-{owner.ProcessId:N}-StreamThread-{index}";
        _exactlyOnce = _config.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2;
        _assignor = new StreamsPartitionAssignor(metadata, _config,
            () => new SubscriptionInfo(owner.ProcessId, _previousActive, owner.TaskOffsetSums(), owner.ShutdownApplicationRequested, _config.ApplicationServer),
            ChangelogEndSums);
        _appTag = new("streams.application_id", _config.ApplicationId);
        _cache = new RecordCache(_config.StateStoreCacheMaxBytes / _config.NumStreamThreads);
        _onRecordDropped = () =>
        {
            Interlocked.Increment(ref _dropped);
            StreamsMetrics.DroppedRecords.Add(1, _appTag);
        };
    }

    public int Index { get; }

    public string Name { get; }

    public StreamThreadState State { get; private set; } = StreamThreadState.Created;

    /// <summary>Why the thread died, when it did of an exception.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Records this thread has processed.</summary>
    public long ProcessedRecords { get; private set; }

    /// <summary>Changelog records replayed into stores, and the records the running restorations still expect.</summary>
    public (long Restored, long Remaining) RestoreProgress
    {
        get
        {
            lock (_restoring)
            {
                long restored = _restoredTotal;
                long remaining = 0;
                foreach (Restorer r in _restoring.Values)
                {
                    if (r.Task is not null) remaining += Math.Max(0, r.End - r.Next);
                }
                return (restored, remaining);
            }
        }
    }

    private long _restoredTotal;
    private long _standbyUpdates;

    /// <summary>Changelog records applied to standby tasks' stores.</summary>
    public long StandbyUpdates => Interlocked.Read(ref _standbyUpdates);
    private long _dropped;
    private readonly Action _onRecordDropped;

    /// <summary>Records skipped by the deserialization and production handlers.</summary>
    public long DroppedRecords => Interlocked.Read(ref _dropped) + (_collector?.Dropped ?? 0);

    /// <summary>A snapshot of the tasks: id, whether restoring, and their stores' approximate sizes.</summary>
    public IReadOnlyList<TaskMetadata> Tasks
    {
        get
        {
            lock (_tasks)
            {
                return [.. _tasks.Values.Select(t => new TaskMetadata(t.Id, t.Inputs, t.Restoring ? TaskState.Restoring : t.Suspended ? TaskState.Suspended : TaskState.Running))];
            }
        }
    }

    /// <summary>Approximate entry counts of the stores of this thread's tasks, as of their last commit.</summary>
    internal IReadOnlyList<StoreSize> StoreSizes()
    {
        lock (_tasks)
        {
            return [.. _tasks.Values.SelectMany(t => t.StoreSizes)];
        }
    }

    /// <summary>
    /// Held by the thread while it processes, restores, commits or changes its tasks; interactive queries take it to read a
    /// store of this thread's tasks consistently (a query waits at most one poll batch).
    /// </summary>
    internal object QueryLock { get; } = new();

    /// <summary>
    /// This thread's part of the instance's task offset sums: <see cref="AssignmentCodec.RunningOffsetSum"/> for running
    /// active tasks, the changelog positions of standby tasks. Called on other threads of the instance: best effort.
    /// </summary>
    internal Dictionary<TaskId, long> OffsetSums()
    {
        var sums = new Dictionary<TaskId, long>();
        lock (_tasks)
        {
            foreach (ActiveTask t in _tasks.Values)
            {
                if (!t.Restoring && !t.Suspended) sums[t.Id] = AssignmentCodec.RunningOffsetSum;
            }
            foreach (StandbyTask t in _standbys.Values) sums[t.Id] = t.Updaters.Sum(u => u.Next);
        }
        return sums;
    }

    /// <summary>
    /// The store <paramref name="name"/> of every running active task of this thread (and, with <paramref name="includeStandby"/>,
    /// of its standby tasks). Call under <see cref="QueryLock"/>.
    /// </summary>
    internal IEnumerable<(TaskId Task, State.IStateStore Store)> QueryableStores(string name, bool includeStandby)
    {
        foreach (ActiveTask t in _tasks.Values)
        {
            if (!t.Restoring && !t.Suspended && t.Task.Stores.TryGetValue(name, out State.IStateStore? store) && store.IsOpen) yield return (t.Id, store);
        }
        if (!includeStandby) yield break;
        foreach (StandbyTask t in _standbys.Values)
        {
            if (t.Task.Stores.TryGetValue(name, out State.IStateStore? store) && store.IsOpen) yield return (t.Id, store);
        }
    }

    /// <summary>The last assignment this thread's consumer received (host maps for interactive-query routing).</summary>
    internal (AssignmentInfo Info, int Generation)? LastAssignment => _assignor.LastAssignment;

    /// <summary>This thread's standby tasks.</summary>
    public IReadOnlyList<TaskId> StandbyTasks
    {
        get
        {
            lock (_tasks) return [.. _standbys.Keys.Order()];
        }
    }

    public void Start()
    {
        _thread = new Thread(Run) { Name = Name, IsBackground = true };
        SetState(StreamThreadState.Starting);
        _thread.Start();
    }

    /// <summary>Asks the thread to commit, close its tasks and leave the group.</summary>
    public void RequestStop() => _stopRequested = true;

    /// <summary>Waits for the thread to end; false on timeout.</summary>
    public bool Join(TimeSpan timeout) => _thread is null || _thread.Join(timeout);

    private void Run()
    {
        try
        {
            CreateClients();
            _consumer!.Subscribe(_metadata.AllSourceTopics);
            _lastCommitTicks = Stopwatch.GetTimestamp();
            while (!_stopRequested) RunOnce();
            SetState(StreamThreadState.PendingShutdown);
            lock (QueryLock)
            {
                CommitAll();
                CloseAllTasks(clean: true);
            }
        }
        catch (Exception ex)
        {
            Failure = ex;
            StreamsLog.ThreadFailed(_logger, Name, ex);
            lock (QueryLock) SafeCloseTasksDirty();
            StreamThreadExceptionResponse response = _owner.OnThreadFailed(this, ex);
            if (response == StreamThreadExceptionResponse.ShutdownApplication) SendShutdownRequest();
        }
        finally
        {
            CloseClients();
            SetState(StreamThreadState.Dead);
            _owner.OnThreadStopped(this);
        }
    }

    private void CreateClients()
    {
        var producerConfig = new ProducerConfig(_config.ClientConfig)
        {
            ClientId = $"{Name}-producer",
            EnableIdempotence = true,
            Acks = Acks.All,
        };
        if (_exactlyOnce)
        {
            producerConfig.TransactionalId = $"{_config.ApplicationId}-{_owner.ProcessId:D}-{Index}";
            producerConfig.TransactionTimeoutMs = (int)_config.TransactionTimeout.TotalMilliseconds;
        }
        _producer = _owner.Transport.CreateProducer(producerConfig, MemorySerializer.Instance, MemorySerializer.Instance);
        _collector = new RecordCollector(_producer, _config, _logger) { BeforeSend = BeginTransactionIfNeeded };
        if (_exactlyOnce) _producer.InitTransactions(ClientTimeout);

        var consumerConfig = new ConsumerConfig(_config.ClientConfig)
        {
            ClientId = $"{Name}-consumer",
            GroupId = _config.ApplicationId,
            EnableAutoCommit = false,
            AutoOffsetReset = _config.AutoOffsetReset,
            PartitionAssignmentStrategy = StreamsPartitionAssignor.StrategyName,
            IsolationLevel = _exactlyOnce ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        };
        _consumer = new ConsumerBuilder<byte[], byte[]>(_owner.Transport, consumerConfig)
            .AddPartitionAssignor(_assignor)
            .SetPartitionsRevokedHandler((_, partitions) => OnPartitionsRevoked(partitions))
            .SetPartitionsAssignedHandler((_, partitions) => OnPartitionsAssigned(partitions))
            .SetPartitionsLostHandler((_, partitions) => OnPartitionsLost(partitions))
            .Build();

        var restoreConfig = new ConsumerConfig(_config.ClientConfig)
        {
            ClientId = $"{Name}-restore-consumer",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = _exactlyOnce ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        };
        restoreConfig.Set("group.id", null);
        _restoreConsumer = new ConsumerBuilder<byte[], byte[]>(_owner.Transport, restoreConfig).Build();
    }

    private void RunOnce()
    {
        TimeSpan poll = _restoring.Count > 0 || _pendingTasks.Count > 0 ? TimeSpan.Zero : _config.PollTimeout;
        ConsumedRecords batch = _consumer!.ConsumeBatch(poll);
        lock (QueryLock) ProcessBatch(batch);
        if (_rejoinRequested)
        {
            _rejoinRequested = false;
            _consumer.Unsubscribe();
            _consumer.Subscribe(_metadata.AllSourceTopics);
        }
        if (Stopwatch.GetTimestamp() >= _probeAtTicks)
        {
            // Warm-up replicas were placed: rebalance so that tasks whose state has caught up move where balance wants them.
            _probeAtTicks = long.MaxValue;
            _consumer.Unsubscribe();
            _consumer.Subscribe(_metadata.AllSourceTopics);
        }
    }

    private void ProcessBatch(ConsumedRecords batch)
    {
        long before = ProcessedRecords;
        foreach (RawRecord r in batch) Route(in r);
        if (_rewind.Count > 0)
        {
            foreach ((TopicPartition tp, long offset) in _rewind)
            {
                _consumer!.Seek(new TopicPartitionOffset(tp, offset));
                _consumer.Pause([tp]);
            }
            _rewind.Clear();
        }
        foreach (ActiveTask t in _multiPartitionTasks) DrainInTimestampOrder(t);
        long processed = ProcessedRecords - before;
        if (processed > 0)
        {
            _processedSinceCommit += processed;
            StreamsMetrics.ProcessedRecords.Add(processed, _appTag);
        }

        if (_pendingTasks.Count > 0) CreatePendingTasks();
        if (_restoring.Count > 0) RestoreStep(TimeSpan.FromMilliseconds(10));
        else if (_standbys.Count > 0) RestoreStep(TimeSpan.Zero);

        foreach (ActiveTask t in _tasks.Values)
        {
            if (t.Restoring || t.Suspended) continue;
            _collector!.CurrentTask = t.Task.TaskId;
            t.Task.MaybePunctuateSystemTime();
        }

        if (Stopwatch.GetElapsedTime(_lastCommitTicks) >= _config.CommitInterval) CommitAll();
    }

    private void Route(in RawRecord r)
    {
        TopicPartition tp = r.TopicPartition;
        ActiveTask? task;
        if (ReferenceEquals(tp.Topic, _lastTopic) && tp.Partition == _lastPartition) task = _lastTask;
        else
        {
            _byPartition.TryGetValue(tp, out task);
            _lastTask = task;
            _lastTopic = tp.Topic;
            _lastPartition = tp.Partition;
        }
        if (task is null)
        {
            // Fetched for a partition whose task is not created yet: read again once it is.
            if (_pendingTasks.Any(p => p.Partitions.Contains(tp))) _rewind.TryAdd(tp, r.Offset);
            return;
        }
        if (task.Restoring || task.Suspended)
        {
            // Fetched before the pause took effect: read again from here once the task runs.
            _rewind.TryAdd(tp, r.Offset);
            return;
        }
        if (task.Buffers is not null)
        {
            task.Buffer(in r);
            return;
        }
        _collector!.CurrentTask = task.Task.TaskId;
        task.Task.Process(tp.Topic, r.Offset, r.Key, r.KeyIsNull, r.Value, r.ValueIsNull, r.Timestamp.UnixTimestampMs, r.Headers.ToHeaders() ?? new Headers());
        task.Task.MaybePunctuateStreamTime();
        ProcessedRecords++;
    }

    /// <summary>
    /// A task reading several partitions processes what it has buffered oldest first (by record timestamp), as Kafka's
    /// partition group — and only while every partition has a record buffered, or the empty ones are caught up (nothing
    /// left to fetch) or have been waited for <c>max.task.idle.ms</c>: otherwise a record could be processed before an
    /// older one still on its way (a stream record joined before the table update that precedes it).
    /// </summary>
    private void DrainInTimestampOrder(ActiveTask task)
    {
        if (task.Restoring || task.Suspended) return;
        _collector!.CurrentTask = task.Task.TaskId;
        while (ReadyToProcess(task) && task.NextBuffered() is { } b)
        {
            task.Task.Process(b.Topic, b.Offset, b.Key, b.Key is null, b.Value, b.Value is null, b.Timestamp, b.Headers);
            task.Task.MaybePunctuateStreamTime();
            ProcessedRecords++;
        }
    }

    private bool ReadyToProcess(ActiveTask task)
    {
        bool anyBuffered = false;
        bool waiting = false;
        foreach ((TopicPartition tp, Queue<BufferedRecord> queue) in task.Buffers!)
        {
            if (queue.Count > 0)
            {
                anyBuffered = true;
                continue;
            }
            if (_config.MaxTaskIdle > TimeSpan.Zero || !CaughtUp(task, tp)) waiting = true;
        }
        if (!anyBuffered) return false;
        if (!waiting)
        {
            task.IdleSinceTicks = 0;
            return true;
        }
        // Some partition still has records to fetch: wait for them, at most max.task.idle.ms when that is set.
        if (_config.MaxTaskIdle <= TimeSpan.Zero) return false;
        long now = Stopwatch.GetTimestamp();
        if (task.IdleSinceTicks == 0) task.IdleSinceTicks = now;
        return Stopwatch.GetElapsedTime(task.IdleSinceTicks, now) >= _config.MaxTaskIdle;
    }

    /// <summary>True when the consumer has fetched everything the partition holds (its end offset is re-read at most every 50 ms).</summary>
    private bool CaughtUp(ActiveTask task, TopicPartition tp)
    {
        long position = _consumer!.Position(tp).Value;
        if (position < 0) return false;
        long now = Stopwatch.GetTimestamp();
        (long end, long readAt) = task.EndOffsets.GetValueOrDefault(tp, (-1, 0));
        if (position >= end && Stopwatch.GetElapsedTime(readAt, now) > TimeSpan.FromMilliseconds(50))
        {
            end = _consumer.QueryWatermarkOffsets(tp, ClientTimeout).High.Value;
            task.EndOffsets[tp] = (end, now);
        }
        return position >= end;
    }

    /// <summary>Where the committed position of a task's input partition is: its first record still buffered, or the consumer's position.</summary>
    private Offset CommitPosition(ActiveTask task, TopicPartition tp)
        => task.Buffers is not null && task.Buffers.TryGetValue(tp, out Queue<BufferedRecord>? queue) && queue.Count > 0
            ? new Offset(queue.Peek().Offset)
            : _consumer!.Position(tp);

    private void BeginTransactionIfNeeded()
    {
        if (!_exactlyOnce || _inTransaction) return;
        _producer!.BeginTransaction();
        _inTransaction = true;
    }

    /// <summary>Flushes every task's stores and commits the thread's progress (see the class remarks).</summary>
    private void CommitAll()
    {
        long start = Stopwatch.GetTimestamp();
        var committable = _tasks.Values.Where(t => !t.Restoring && !t.Suspended).ToList();
        foreach (ActiveTask t in committable)
        {
            _collector!.CurrentTask = t.Task.TaskId;
            t.Task.Commit();
            t.UpdateStoreSizes();
        }
        foreach (StandbyTask t in _standbys.Values) t.Checkpoint();
        bool progress = _processedSinceCommit > 0 || _inTransaction;
        if (progress)
        {
            var offsets = new List<TopicPartitionOffset>();
            foreach (ActiveTask t in committable)
            {
                foreach (TopicPartition tp in t.Inputs)
                {
                    Offset position = CommitPosition(t, tp);
                    if (position.Value >= 0) offsets.Add(new TopicPartitionOffset(tp, position));
                }
            }
            try
            {
                if (_exactlyOnce)
                {
                    BeginTransactionIfNeeded();
                    if (offsets.Count > 0)
                        _producer!.SendOffsetsToTransaction(offsets, _consumer!.ConsumerGroupMetadata ?? throw new StreamsException("the stream thread's consumer has no group metadata"), ClientTimeout);
                    _producer!.CommitTransaction(ClientTimeout);
                    _inTransaction = false;
                    _collector!.ThrowIfFailed();
                }
                else
                {
                    _collector!.Flush(CancellationToken.None);
                    if (offsets.Count > 0) _consumer!.Commit(offsets);
                    WriteCheckpoints(committable);
                }
            }
            catch (RebalanceInProgressException) when (!_exactlyOnce)
            {
                // The group is between generations: these offsets are committed when the partitions are revoked (or at the
                // next commit), so the progress stays pending.
                return;
            }
            catch (Exception ex) when (IsTaskMigrated(ex))
            {
                HandleTaskMigrated(ex);
                return;
            }
            _processedSinceCommit = 0;
            MaybePurgeRepartitionTopics(offsets);
        }
        _lastCommitTicks = Stopwatch.GetTimestamp();
        double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (progress)
        {
            StreamsMetrics.CommitDuration.Record(elapsed, _appTag);
            _owner.RecordCommit(elapsed);
            StreamsLog.Committed(_logger, Name, committable.Count, elapsed * 1000);
        }
    }

    /// <summary>
    /// Every <c>repartition.purge.interval.ms</c>, deletes what this thread has committed of its repartition topics (they keep
    /// records without a time limit, so only this keeps them from growing for ever). In the background: a failure is logged
    /// and the next purge covers it.
    /// </summary>
    private void MaybePurgeRepartitionTopics(List<TopicPartitionOffset> committed)
    {
        if (Stopwatch.GetElapsedTime(_lastPurgeTicks) < _config.RepartitionPurgeInterval) return;
        var purge = committed.Where(o => _metadata.Topology.IsRepartitionTopic(o.TopicPartition.Topic)).ToList();
        if (purge.Count == 0) return;
        _lastPurgeTicks = Stopwatch.GetTimestamp();
        _admin ??= _owner.Transport.CreateAdminClient(new AdminClientConfig(_config.ClientConfig) { ClientId = $"{Name}-admin" });
        _admin.DeleteRecordsAsync(purge).ContinueWith(
            t => StreamsLog.PurgeFailed(_logger, Name, t.Exception!.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private static bool IsTaskMigrated(Exception ex)
        => ex is ProducerFencedException or InvalidProducerEpochException or CommitFailedException or RebalanceInProgressException
            or GroupMembershipException or TransactionAbortableException;

    /// <summary>
    /// The group moved on without this thread (fenced producer, stale generation): what it did since the last commit cannot
    /// be committed, so its tasks close without committing (exactly-once: the transaction is aborted, the state later rebuilt)
    /// and the thread rejoins.
    /// </summary>
    private void HandleTaskMigrated(Exception ex)
    {
        StreamsLog.TaskMigrated(_logger, Name, ex.Message);
        SafeCloseTasksDirty();
        if (ex is ProducerFencedException or InvalidProducerEpochException)
        {
            // A fenced producer cannot be used again: a new one with the same transactional id fences the zombie in turn.
            _producer!.Dispose();
            _producer = null;
            CreateProducerOnly();
        }
        _processedSinceCommit = 0;
        _lastCommitTicks = Stopwatch.GetTimestamp();
        // Rejoin from the poll loop, never from inside a rebalance callback of the consumer.
        _rejoinRequested = true;
    }

    private void CreateProducerOnly()
    {
        var producerConfig = new ProducerConfig(_config.ClientConfig)
        {
            ClientId = $"{Name}-producer",
            EnableIdempotence = true,
            Acks = Acks.All,
            TransactionalId = $"{_config.ApplicationId}-{_owner.ProcessId:D}-{Index}",
            TransactionTimeoutMs = (int)_config.TransactionTimeout.TotalMilliseconds,
        };
        _producer = _owner.Transport.CreateProducer(producerConfig, MemorySerializer.Instance, MemorySerializer.Instance);
        _collector!.ReplaceProducer(_producer);
        _producer.InitTransactions(ClientTimeout);
    }

    /// <summary>At-least-once: after a commit the local stores hold the changelogs up to their current ends.</summary>
    private void WriteCheckpoints(IEnumerable<ActiveTask> tasks)
    {
        foreach (ActiveTask t in tasks)
        {
            if (t.Task.DirectoryPath is not { } dir || t.Changelogs.Count == 0) continue;
            Checkpoint.Write(dir, ChangelogEnds(t));
        }
    }

    private Dictionary<TopicPartition, long> ChangelogEnds(ActiveTask t)
    {
        var offsets = new Dictionary<TopicPartition, long>();
        foreach (TopicPartition tp in t.Changelogs) offsets[tp] = _restoreConsumer!.QueryWatermarkOffsets(tp, ClientTimeout).High.Value;
        return offsets;
    }

    /// <summary>For the leader's assignor: each stateful task's changelog end offsets, summed (lags are measured against them).</summary>
    private IReadOnlyDictionary<TaskId, long> ChangelogEndSums(IReadOnlyCollection<TaskId> tasks)
    {
        var sums = new Dictionary<TaskId, long>();
        foreach (TaskId t in tasks)
        {
            long sum = 0;
            foreach ((string _, string changelog) in _metadata.Topology.LoggedStoresOf(t.Subtopology))
            {
                try
                {
                    sum += _restoreConsumer!.QueryWatermarkOffsets(new TopicPartition(changelog, t.Partition), ClientTimeout).High.Value;
                }
                catch (StreamingException)
                {
                    // Not created yet, or unreachable: count it as empty (every instance is then equally caught up).
                }
            }
            sums[t] = sum;
        }
        return sums;
    }

    private void OnPartitionsRevoked(IReadOnlyList<TopicPartition> partitions)
    {
        lock (QueryLock) Revoke();
    }

    private void OnPartitionsLost(IReadOnlyList<TopicPartition> partitions)
    {
        lock (QueryLock)
        {
            StreamsLog.TasksLost(_logger, Name, string.Join(", ", _tasks.Keys.Order()));
            SafeCloseTasksDirty();
        }
    }

    private void OnPartitionsAssigned(IReadOnlyList<TopicPartition> partitions)
    {
        lock (QueryLock) Assign(partitions);
    }

    private void Revoke()
    {
        SetState(StreamThreadState.PartitionsRevoked);
        if (_tasks.Count == 0) return;
        // Eager protocol: everything is revoked. Commit, then keep the tasks suspended (stores open) in case they come back.
        CommitAll();
        _previousActive = [.. _tasks.Keys];
        foreach (ActiveTask t in _tasks.Values)
        {
            t.Suspended = true;
            // Buffered records were not committed: the next owner (maybe this thread again) fetches them anew.
            t.ClearBuffers();
        }
        lock (_restoring)
        {
            foreach (var r in _restoring.Where(r => r.Value.Task is not null).ToList()) _restoring.Remove(r.Key);
        }
        AssignRestoreConsumer();
        _byPartition.Clear();
        _multiPartitionTasks.Clear();
        _pendingTasks.Clear();
        ResetRouteCache();
        StreamsLog.TasksRevoked(_logger, Name, string.Join(", ", _tasks.Keys.Order()));
    }

    private void Assign(IReadOnlyList<TopicPartition> partitions)
    {
        SetState(StreamThreadState.PartitionsAssigned);
        if (_assignor.LastAssignment is { } last)
        {
            if (last.Info.ErrorCode == AssignmentCodec.ShutdownApplication)
            {
                _owner.OnShutdownApplicationReceived();
                _stopRequested = true;
                return;
            }
            if (last.Info.ErrorCode == AssignmentCodec.IncompleteSourceTopicMetadata) StreamsLog.IncompleteSourceTopics(_logger, Name);
        }
        Dictionary<TaskId, List<TopicPartition>> wanted = _metadata.TasksOf(partitions);
        var wantedStandby = (_assignor.LastAssignment?.Info.StandbyTasks ?? []).Where(t => !wanted.ContainsKey(t)).ToHashSet();
        // Standbys that are no longer wanted, or that become active here, close first (checkpointing their position):
        // an active task taking over starts from it.
        foreach (StandbyTask t in _standbys.Values.Where(t => !wantedStandby.Contains(t.Id)).ToList()) CloseStandby(t);
        if (_assignor.LastAssignment?.Info.ProbingRebalance == true && wantedStandby.Count > 0)
            _probeAtTicks = Stopwatch.GetTimestamp() + (long)(_config.ProbingRebalanceInterval.TotalSeconds * Stopwatch.Frequency);
        // Suspended tasks not assigned again close cleanly (their state stays on disk with a checkpoint).
        foreach (ActiveTask t in _tasks.Values.Where(t => !wanted.ContainsKey(t.Id)).ToList()) CloseTask(t, clean: true);
        foreach ((TaskId id, List<TopicPartition> inputs) in wanted.OrderBy(w => w.Key))
        {
            if (_tasks.TryGetValue(id, out ActiveTask? existing) && existing.Suspended && existing.Inputs.Count == inputs.Count)
            {
                existing.Suspended = false;
                if (existing.Restoring)
                {
                    // Revoked while restoring: pick the restoration up where it stopped.
                    lock (_restoring)
                    {
                        foreach (Restorer r in existing.Restorers) _restoring[r.Changelog] = r;
                    }
                    AssignRestoreConsumer();
                }
                Register(existing);
                continue;
            }
            if (existing is not null) CloseTask(existing, clean: true);
            _pendingTasks.Add((id, inputs));
            // Nothing is fetched for a task that does not exist yet (its directory may still be locked by its previous
            // owner): its partitions wait, paused, until it does.
            _consumer!.Pause(inputs);
        }
        ApplyOffsetResetPolicies(partitions);
        _previousActive = [.. wanted.Keys];
        ResetRouteCache();
        StreamsLog.TasksAssigned(_logger, Name, string.Join(", ", wanted.Keys.Order()), _assignor.LastAssignment?.Generation ?? -1);
        foreach (TaskId id in wantedStandby.Where(id => !_standbys.ContainsKey(id)).Order()) _pendingStandbys.Add(id);
        CreatePendingTasks();
        UpdateRunningState();
    }

    /// <summary>
    /// <c>Consumed.WithOffsetResetPolicy</c>: the consumer resets every partition without a committed offset by the
    /// application's <c>auto.offset.reset</c>; a source with its own policy is moved to its beginning or end here instead.
    /// </summary>
    private void ApplyOffsetResetPolicies(IReadOnlyList<TopicPartition> partitions)
    {
        var own = partitions.Where(tp => _metadata.Topology.OffsetResetPolicy(tp.Topic) is { } p && p != _config.AutoOffsetReset).ToList();
        if (own.Count == 0) return;
        foreach (TopicPartitionOffset committed in _consumer!.Committed(own, ClientTimeout))
        {
            if (committed.Offset.Value >= 0) continue;
            AutoOffsetReset policy = _metadata.Topology.OffsetResetPolicy(committed.TopicPartition.Topic)!.Value;
            if (policy == AutoOffsetReset.Error)
                throw new StreamsException($"source topic {committed.TopicPartition} has no committed offset and its offset reset policy is Error");
            _consumer.Seek(new TopicPartitionOffset(committed.TopicPartition, policy == AutoOffsetReset.Earliest ? Offset.Beginning : Offset.End));
        }
    }

    private void Register(ActiveTask t)
    {
        foreach (TopicPartition tp in t.Inputs) _byPartition[tp] = t;
        if (t.Buffers is not null) _multiPartitionTasks.Add(t);
        if (t.Restoring) _consumer!.Pause(t.Inputs);
        else _consumer!.Resume(t.Inputs);
    }

    private void CreatePendingTasks()
    {
        if (_pendingStandbys.Count > 0) CreatePendingStandbys();
        if (_pendingTasks.Count == 0) return;
        var created = new List<ActiveTask>();
        foreach ((TaskId id, List<TopicPartition> inputs) in _pendingTasks.ToList())
        {
            StreamTask task = _metadata.Topology.CreateTask(id.Subtopology, id.Partition, _wallClock, _collector!);
            task.Logger = _logger;
            task.RecordDropped = _onRecordDropped;
            task.GlobalStores = _owner.GlobalStores;
            task.Cache = _cache;
            try
            {
                task.LockDirectory();
            }
            catch (DataDirectoryLockedException)
            {
                // The previous owner (another thread of this instance, still closing) has not let go yet: retry next loop.
                StreamsLog.TaskDirectoryLocked(_logger, Name, id.ToString());
                task.Close(deleteState: false);
                continue;
            }
            _pendingTasks.RemoveAll(p => p.Id == id);
            var active = new ActiveTask(id, task, inputs, _metadata.Topology.LoggedStoresOf(id.Subtopology).Select(s => new TopicPartition(s.Changelog, id.Partition)).ToList());
            Dictionary<TopicPartition, long> checkpoint = [];
            if (task.DirectoryPath is { } dir)
            {
                try
                {
                    checkpoint = Checkpoint.Read(dir);
                }
                catch (StorageException)
                {
                    checkpoint = [];
                }
                if (checkpoint.Count > 0 && CheckpointOutOfRange(checkpoint, active.Changelogs) is { } stale)
                {
                    // The changelog no longer has what the checkpoint says the store holds (recreated or truncated): the
                    // local state cannot be trusted (Kafka's TaskCorruptedException).
                    StreamsLog.CheckpointOutOfRange(_logger, Name, id.ToString(), stale);
                    checkpoint = [];
                }
                if (checkpoint.Count == 0 && active.Changelogs.Count > 0)
                {
                    // No record of how far the local state goes: rebuild it from the changelog rather than trust it.
                    if (_exactlyOnce && Directory.EnumerateFileSystemEntries(dir).Any(e => Path.GetFileName(e) is not ".lock")) StreamsLog.WipingState(_logger, Name, id.ToString());
                    task.WipeState();
                }
                // Exactly-once: from now on the local state may run ahead of what is committed; a crash must find no checkpoint.
                if (_exactlyOnce) Checkpoint.Delete(dir);
            }
            task.Initialize();
            lock (_tasks) _tasks[id] = active;
            foreach ((string store, string changelog) in _metadata.Topology.LoggedStoresOf(id.Subtopology))
            {
                var tp = new TopicPartition(changelog, id.Partition);
                bool persistent = task.Stores[store].Persistent;
                long start = persistent && checkpoint.TryGetValue(tp, out long c) ? c : -1;
                WatermarkOffsets marks = _restoreConsumer!.QueryWatermarkOffsets(tp, ClientTimeout);
                long from = start < 0 ? marks.Low.Value : Math.Max(start, marks.Low.Value);
                if (marks.High.Value <= from) continue;
                var restorer = new Restorer(active, null, store, tp, StoreLayers.RestoreTarget(task.Stores[store]), from, marks.High.Value);
                active.Restorers.Add(restorer);
                StreamsLog.RestoreStarted(_logger, Name, id.ToString(), store, tp, from, marks.High.Value);
            }
            active.Restoring = active.Restorers.Count > 0;
            Register(active);
            created.Add(active);
        }
        if (created.Any(t => t.Restoring))
        {
            lock (_restoring)
            {
                foreach (ActiveTask t in created)
                {
                    foreach (Restorer r in t.Restorers) _restoring[r.Changelog] = r;
                }
            }
            AssignRestoreConsumer();
        }
        ResetRouteCache();
        UpdateRunningState();
    }

    /// <summary>Opens the stores of newly assigned standby tasks and starts following their changelogs from their checkpoints.</summary>
    private void CreatePendingStandbys()
    {
        bool any = false;
        foreach (TaskId id in _pendingStandbys.ToList())
        {
            StreamTask task = _metadata.Topology.CreateTask(id.Subtopology, id.Partition, _wallClock, _collector!);
            task.Logger = _logger;
            task.GlobalStores = _owner.GlobalStores;
            try
            {
                task.LockDirectory();
            }
            catch (DataDirectoryLockedException)
            {
                StreamsLog.TaskDirectoryLocked(_logger, Name, id.ToString());
                task.Close(deleteState: false);
                continue;
            }
            _pendingStandbys.Remove(id);
            Dictionary<TopicPartition, long> checkpoint = task.DirectoryPath is { } dir ? ReadCheckpoint(dir) : [];
            var logged = _metadata.Topology.LoggedStoresOf(id.Subtopology);
            if (checkpoint.Count > 0 && CheckpointOutOfRange(checkpoint, logged.Select(l => new TopicPartition(l.Changelog, id.Partition))) is { } stale)
            {
                StreamsLog.CheckpointOutOfRange(_logger, Name, id.ToString(), stale);
                checkpoint = [];
            }
            if (checkpoint.Count == 0 && logged.Count > 0) task.WipeState();
            task.InitializeStores();
            var standby = new StandbyTask(id, task);
            foreach ((string store, string changelog) in logged)
            {
                var tp = new TopicPartition(changelog, id.Partition);
                long from = task.Stores[store].Persistent && checkpoint.TryGetValue(tp, out long c) ? c : 0;
                standby.Updaters.Add(new Restorer(null, standby, store, tp, StoreLayers.RestoreTarget(task.Stores[store]), from, long.MaxValue));
            }
            lock (_tasks) _standbys[id] = standby;
            lock (_restoring)
            {
                foreach (Restorer r in standby.Updaters) _restoring[r.Changelog] = r;
            }
            any = true;
        }
        if (any) AssignRestoreConsumer();
    }

    /// <summary>A changelog partition whose checkpointed offset lies outside its current log (before its start or past its end), or null.</summary>
    private string? CheckpointOutOfRange(Dictionary<TopicPartition, long> checkpoint, IEnumerable<TopicPartition> changelogs)
    {
        foreach (TopicPartition tp in changelogs)
        {
            if (!checkpoint.TryGetValue(tp, out long offset)) continue;
            WatermarkOffsets marks = _restoreConsumer!.QueryWatermarkOffsets(tp, ClientTimeout);
            if (offset > marks.High.Value || offset < marks.Low.Value)
                return $"{tp} checkpointed at {offset}, log now {marks.Low.Value}..{marks.High.Value}";
        }
        return null;
    }

    private static Dictionary<TopicPartition, long> ReadCheckpoint(string dir)
    {
        try
        {
            return Checkpoint.Read(dir);
        }
        catch (StorageException)
        {
            return [];
        }
    }

    private void CloseStandby(StandbyTask t)
    {
        lock (_restoring)
        {
            foreach (Restorer r in t.Updaters) _restoring.Remove(r.Changelog);
        }
        try
        {
            t.Checkpoint();
        }
        finally
        {
            t.Task.Close(deleteState: false);
            lock (_tasks) _standbys.Remove(t.Id);
        }
        AssignRestoreConsumer();
    }

    private void AssignRestoreConsumer()
    {
        List<TopicPartitionOffset> positions;
        lock (_restoring)
        {
            positions = [.. _restoring.Values.Select(r => new TopicPartitionOffset(r.Changelog, new Offset(r.Next)))];
        }
        if (positions.Count == 0) _restoreConsumer!.Unassign();
        else _restoreConsumer!.Assign(positions);
    }

    private void RestoreStep(TimeSpan timeout)
    {
        ConsumedRecords batch = _restoreConsumer!.ConsumeBatch(timeout);
        long restored = 0;
        Restorer? last = null;
        foreach (RawRecord r in batch)
        {
            if (last is null || !ReferenceEquals(last.Changelog.Topic, r.TopicPartition.Topic) || last.Changelog.Partition != r.TopicPartition.Partition)
            {
                if (!_restoring.TryGetValue(r.TopicPartition, out last)) continue;
            }
            if (r.Offset >= last.End || r.KeyIsNull) continue;
            last.Target.Restore(r.Key, r.Value, r.ValueIsNull, r.Timestamp.UnixTimestampMs);
            last.Next = r.Offset + 1;
            last.Restored++;
            if (last.Task is not null) restored++;
            else _standbyUpdates++;
        }
        if (restored > 0)
        {
            Interlocked.Add(ref _restoredTotal, restored);
            StreamsMetrics.RestoredRecords.Add(restored, _appTag);
        }
        bool changed = false;
        foreach (Restorer r in _restoring.Values.ToList())
        {
            r.Target.EndRestoreBatch();
            Offset position = _restoreConsumer.Position(r.Changelog);
            if (position.Value > r.Next) r.Next = position.Value;
            if (r.Task is null || r.Next < r.End) continue;
            StreamsLog.RestoreCompleted(_logger, Name, r.Task.Id.ToString(), r.Store, r.Restored, (long)Stopwatch.GetElapsedTime(r.StartedTicks).TotalMilliseconds);
            lock (_restoring)
            {
                _restoring.Remove(r.Changelog);
            }
            r.Task.Restorers.Remove(r);
            changed = true;
            if (r.Task.Restorers.Count == 0)
            {
                r.Task.Restoring = false;
                _consumer!.Resume(r.Task.Inputs);
            }
        }
        if (changed)
        {
            AssignRestoreConsumer();
            UpdateRunningState();
        }
        if (_restoring.Values.Any(r => r.Task is not null) && Stopwatch.GetTimestamp() - _lastRestoreLogTicks > RestoreLogIntervalTicks)
        {
            _lastRestoreLogTicks = Stopwatch.GetTimestamp();
            (long done, long remaining) = RestoreProgress;
            StreamsLog.RestoreProgress(_logger, Name, done, done + remaining);
        }
    }

    private void UpdateRunningState()
    {
        if (_pendingTasks.Count == 0 && !_restoring.Values.Any(r => r.Task is not null) && State is StreamThreadState.PartitionsAssigned or StreamThreadState.Starting)
            SetState(StreamThreadState.Running);
    }

    private void CloseTask(ActiveTask t, bool clean)
    {
        lock (_tasks)
        {
            _tasks.Remove(t.Id);
        }
        foreach (TopicPartition tp in t.Inputs)
        {
            if (_byPartition.TryGetValue(tp, out ActiveTask? owner) && owner == t) _byPartition.Remove(tp);
        }
        _multiPartitionTasks.Remove(t);
        lock (_restoring)
        {
            foreach (Restorer r in t.Restorers) _restoring.Remove(r.Changelog);
        }
        try
        {
            if (clean && !t.Restoring && t.Task.DirectoryPath is { } dir && t.Changelogs.Count > 0)
            {
                t.Task.Commit();
                Checkpoint.Write(dir, ChangelogEnds(t));
            }
        }
        finally
        {
            // Dirty: what the caches hold comes from processing that is not committed; flushing it on close would send it.
            if (!clean) t.Task.DiscardCaches();
            t.Task.Close(deleteState: false);
        }
        ResetRouteCache();
    }

    private void CloseAllTasks(bool clean)
    {
        foreach (ActiveTask t in _tasks.Values.ToList()) CloseTask(t, clean);
        foreach (StandbyTask t in _standbys.Values.ToList()) CloseStandby(t);
    }

    /// <summary>Closes every task without committing; exactly-once aborts the open transaction (and, having no checkpoint, rebuilds the state later).</summary>
    private void SafeCloseTasksDirty()
    {
        if (_exactlyOnce && _inTransaction && _producer is not null)
        {
            try
            {
                _producer.AbortTransaction(ClientTimeout);
            }
            catch (StreamingException)
            {
                // Fenced or fatal: the coordinator aborts the transaction when the next producer with this id starts.
            }
            _inTransaction = false;
            _collector?.Reset();
        }
        foreach (ActiveTask t in _tasks.Values.ToList())
        {
            try
            {
                CloseTask(t, clean: false);
            }
            catch (Exception ex) when (ex is StreamingException or IOException)
            {
                // Closing after a failure is best effort; the next owner restores from the changelog.
            }
        }
        _pendingTasks.Clear();
        _pendingStandbys.Clear();
        foreach (StandbyTask t in _standbys.Values.ToList())
        {
            try
            {
                CloseStandby(t);
            }
            catch (Exception ex) when (ex is StreamingException or IOException)
            {
            }
        }
        try
        {
            _restoreConsumer?.Unassign();
        }
        catch (StreamingException)
        {
        }
    }

    /// <summary>Asks every member, through a rebalance, to shut down (the assignor sees this thread's request flag).</summary>
    private void SendShutdownRequest()
    {
        if (_consumer is null) return;
        try
        {
            _consumer.Unsubscribe();
            _consumer.Subscribe(_metadata.AllSourceTopics);
            long deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 30);
            while (Stopwatch.GetTimestamp() < deadline && _assignor.LastAssignment?.Info.ErrorCode != AssignmentCodec.ShutdownApplication)
                _consumer.ConsumeBatch(TimeSpan.FromMilliseconds(100));
        }
        catch (StreamingException)
        {
            // Best effort: the instance itself shuts down regardless.
        }
    }

    private void CloseClients()
    {
        try
        {
            _consumer?.Close();
        }
        catch (StreamingException)
        {
        }
        _consumer?.Dispose();
        _restoreConsumer?.Dispose();
        _admin?.Dispose();
        if (_producer is not null)
        {
            try
            {
                if (_inTransaction) _producer.AbortTransaction(TimeSpan.FromSeconds(5));
            }
            catch (StreamingException)
            {
            }
            _producer.Dispose();
        }
    }

    private void ResetRouteCache()
    {
        _lastTask = null;
        _lastTopic = null;
        _lastPartition = -1;
    }

    private void SetState(StreamThreadState state)
    {
        if (State == state) return;
        State = state;
        _owner.OnThreadStateChanged(this, state);
    }

    /// <summary>A task of this thread with its input partitions, restoration and (for several inputs) per-partition buffers.</summary>
    private sealed class ActiveTask(TaskId id, StreamTask task, List<TopicPartition> inputs, List<TopicPartition> changelogs)
    {
        public TaskId Id { get; } = id;

        public StreamTask Task { get; } = task;

        public List<TopicPartition> Inputs { get; } = inputs;

        public List<TopicPartition> Changelogs { get; } = changelogs;

        public List<Restorer> Restorers { get; } = [];

        public bool Restoring { get; set; }

        public bool Suspended { get; set; }

        public IReadOnlyList<StoreSize> StoreSizes { get; private set; } = [];

        public void UpdateStoreSizes()
        {
            var sizes = new List<StoreSize>();
            foreach ((string name, State.IStateStore store) in Task.Stores)
            {
                if (store.IsOpen && StoreLayers.Innermost(store) is State.IReadOnlyKeyValueStore<byte[], byte[]> kv) sizes.Add(new StoreSize(Id, name, kv.ApproximateNumEntries));
            }
            StoreSizes = sizes;
        }

        public Dictionary<TopicPartition, Queue<BufferedRecord>>? Buffers { get; } = inputs.Count > 1 ? inputs.ToDictionary(i => i, _ => new Queue<BufferedRecord>()) : null;

        public void Buffer(in RawRecord r)
        {
            if (!Buffers!.TryGetValue(r.TopicPartition, out Queue<BufferedRecord>? queue)) return;
            queue.Enqueue(new BufferedRecord(r.TopicPartition.Topic, r.Offset, r.KeyIsNull ? null : r.Key.ToArray(), r.ValueIsNull ? null : r.Value.ToArray(),
                r.Timestamp.UnixTimestampMs, r.Headers.ToHeaders() ?? new Headers()));
        }

        /// <summary>Cached end offsets of the input partitions (value, when read).</summary>
        public Dictionary<TopicPartition, (long End, long ReadAt)> EndOffsets { get; } = [];

        /// <summary>When the task started waiting for an empty partition (0: not waiting).</summary>
        public long IdleSinceTicks { get; set; }

        public void ClearBuffers()
        {
            if (Buffers is null) return;
            foreach (Queue<BufferedRecord> q in Buffers.Values) q.Clear();
            EndOffsets.Clear();
            IdleSinceTicks = 0;
        }

        public BufferedRecord? NextBuffered()
        {
            Queue<BufferedRecord>? best = null;
            foreach (Queue<BufferedRecord> q in Buffers!.Values)
            {
                if (q.Count > 0 && (best is null || q.Peek().Timestamp < best.Peek().Timestamp)) best = q;
            }
            return best?.Dequeue();
        }
    }

    /// <summary>A standby task: the stores of a task running elsewhere, kept up to date from their changelogs; no processing.</summary>
    private sealed class StandbyTask(TaskId id, StreamTask task)
    {
        public TaskId Id { get; } = id;

        public StreamTask Task { get; } = task;

        public List<Restorer> Updaters { get; } = [];

        /// <summary>Flushes the stores and records how far they follow their changelogs.</summary>
        public void Checkpoint()
        {
            foreach (Restorer r in Updaters) r.Target.EndRestoreBatch();
            Task.Commit();
            if (Task.DirectoryPath is { } dir && Updaters.Count > 0)
                Runtime.Checkpoint.Write(dir, Updaters.ToDictionary(u => u.Changelog, u => u.Next));
        }
    }

    private sealed record BufferedRecord(string Topic, long Offset, byte[]? Key, byte[]? Value, long Timestamp, Headers Headers);

    /// <summary>One store's changelog partition being replayed into it: for an active task until its end, for a standby for ever.</summary>
    private sealed class Restorer(ActiveTask? task, StandbyTask? standby, string store, TopicPartition changelog, IRestoreTarget target, long start, long end)
    {
        public ActiveTask? Task { get; } = task;

        public StandbyTask? Standby { get; } = standby;

        public string Store { get; } = store;

        public TopicPartition Changelog { get; } = changelog;

        public IRestoreTarget Target { get; } = target;

        public long Next { get; set; } = start;

        public long End { get; } = end;

        public long Restored { get; set; }

        public long StartedTicks { get; } = Stopwatch.GetTimestamp();
    }
}
