using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Streaming.Streams.Processor;
using Streaming.Streams.State;
using Streaming.Streams.State.Internal;

namespace Streaming.Streams.Internal;

/// <summary>
/// One sub-topology on one partition: its nodes, stores, stream time and punctuations. Single-threaded: whoever owns the task
/// (the test driver now, a stream thread later) calls it from one thread.
/// </summary>
internal sealed class StreamTask : IInternalStoreContext, IDisposable
{
    private readonly Dictionary<string, IRawSource> _sourcesByTopic;
    private readonly IReadOnlyList<RuntimeNode> _nodes;
    private readonly Dictionary<string, IStateStore> _stores;
    private readonly List<PunctuationSchedule> _schedules = [];
    private readonly Func<long> _wallClock;
    private StateDirectory? _directory;

    public StreamTask(string taskId, int partition, StreamsConfig config, IReadOnlyList<RuntimeNode> nodes, Dictionary<string, IRawSource> sourcesByTopic,
        Dictionary<string, IStateStore> stores, Func<long> wallClock, IRecordCollector collector)
    {
        TaskId = taskId;
        Partition = partition;
        Config = config;
        _nodes = nodes;
        _sourcesByTopic = sourcesByTopic;
        _stores = stores;
        _wallClock = wallClock;
        Collector = collector;
        Cache = new RecordCache(config.StateStoreCacheMaxBytes);
    }

    public string ApplicationId => Config.ApplicationId;

    public string TaskId { get; }

    public int Partition { get; }

    public StreamsConfig Config { get; }

    public string StateDirectory => _directory?.Path ?? throw new InvalidStateException($"task {TaskId} has no state directory: it has no persistent store");

    /// <summary>
    /// The record cache's byte budget: the task's own (the test driver), or, at runtime, its thread's — Kafka's
    /// <c>statestore.cache.max.bytes</c> is for the whole instance, split evenly between its stream threads.
    /// </summary>
    public RecordCache Cache { get; set; }

    public IRecordCollector Collector { get; }

    public long CurrentTimestamp { get; set; }

    public RecordMetadata? RecordMetadata { get; private set; }

    /// <summary>The highest record timestamp this task has processed; -1 before the first record.</summary>
    public long StreamTime { get; private set; } = -1;

    public long WallClockTime => _wallClock();

    public IEnumerable<string> SourceTopics => _sourcesByTopic.Keys;

    public IReadOnlyDictionary<string, IStateStore> Stores => _stores;

    /// <summary>The global stores (owned by the global task), readable by every processor; set by the owner before <see cref="Initialize"/>.</summary>
    public IReadOnlyDictionary<string, IStateStore>? GlobalStores { get; set; }

    /// <summary>Whether <paramref name="name"/> is a global store.</summary>
    public bool IsGlobalStore(string name) => GlobalStores?.ContainsKey(name) == true;

    /// <summary>Where the task logs (the runtime sets it; silent in the test driver).</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Records dropped: skipped by the deserialization-exception handler, or by a processor (too late for their window).</summary>
    public long DroppedRecords { get; private set; }

    /// <summary>Called when a handler skips a record (the runtime counts it).</summary>
    public Action? RecordDropped { get; set; }

    /// <summary>Records processed.</summary>
    public long ProcessedRecords { get; private set; }

    /// <summary>True when a store keeps its data on disk (the task then has a locked directory).</summary>
    public bool HasPersistentState => _stores.Values.Any(s => s.Persistent);

    /// <summary>The locked task directory, or null for a task without persistent stores.</summary>
    public string? DirectoryPath => _directory?.Path;

    /// <summary>Locks the task directory (before the stores open, so the runtime can read the checkpoint or wipe the state first).</summary>
    public void LockDirectory()
    {
        if (_directory is null && HasPersistentState)
            _directory = State.Internal.StateDirectory.Lock(Config.StateDirectory, Config.ApplicationId, TaskId);
    }

    /// <summary>Deletes the task's local state before the stores open (they are then rebuilt from the changelogs).</summary>
    public void WipeState() => _directory?.Wipe();

    /// <summary>
    /// Asks the deserialization-exception handler about a record that could not be deserialized: true to skip it (counted and
    /// logged), otherwise the caller fails the task.
    /// </summary>
    public bool SkipUndeserializable(string topic, Exception exception)
    {
        var context = new ErrorHandlerContext(TaskId, topic, Partition, RecordMetadata?.Offset ?? -1);
        ErrorHandlerResponse response;
        try
        {
            response = Config.DeserializationExceptionHandler.Handle(context, exception);
        }
        catch (Exception ex)
        {
            throw new StreamsException($"the deserialization exception handler threw for {topic}[{Partition}] offset {context.Offset}: {ex.Message}", ex);
        }
        if (response != ErrorHandlerResponse.Continue) return false;
        DroppedRecords++;
        RecordDropped?.Invoke();
        Runtime.StreamsLog.DeserializationErrorSkipped(Logger, TaskId, topic, Partition, context.Offset, exception.Message);
        return true;
    }

    /// <summary>Opens the stores only (a standby task: its processors never run).</summary>
    public void InitializeStores()
    {
        LockDirectory();
        foreach (IStateStore store in _stores.Values) store.Init(this);
        _storesOnly = true;
    }

    private bool _storesOnly;

    /// <summary>Counts a record a processor dropped (the caller logs why), into <see cref="DroppedRecords"/> and <see cref="RecordDropped"/>.</summary>
    public void CountDroppedRecord()
    {
        DroppedRecords++;
        RecordDropped?.Invoke();
    }

    public void Initialize()
    {
        LockDirectory();
        foreach (IStateStore store in _stores.Values) store.Init(this);
        foreach (RuntimeNode node in _nodes) node.Init(this);
    }

    public IStateStore GetStore(string name)
        => _stores.TryGetValue(name, out IStateStore? store) || GlobalStores?.TryGetValue(name, out store) == true
            ? store!
            : throw new StreamsException($"task {TaskId} has no store '{name}'");

    /// <summary>Counts and logs a record a processor skips (a null join key, a null foreign key).</summary>
    public void DropRecord(string processor, string reason)
    {
        DroppedRecords++;
        RecordDropped?.Invoke();
        ProcessorLog.RecordSkipped(Logger, TaskId, processor, reason, RecordMetadata?.Topic ?? "", Partition, RecordMetadata?.Offset ?? -1);
    }

    public void AdvanceStreamTime(long timestamp)
    {
        if (timestamp > StreamTime) StreamTime = timestamp;
    }

    /// <summary>Processes one record of <paramref name="topic"/> through its source node.</summary>
    public void Process(string topic, long offset, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, bool valueIsNull, long timestamp, Headers headers)
    {
        if (!_sourcesByTopic.TryGetValue(topic, out IRawSource? source))
            throw new StreamsException($"task {TaskId} does not read topic '{topic}'");
        RecordMetadata = new RecordMetadata(topic, Partition, offset);
        CurrentTimestamp = timestamp;
        ProcessedRecords++;
        try
        {
            source.ProcessRaw(topic, key, keyIsNull, value, valueIsNull, timestamp, headers);
        }
        catch (Exception ex) when (ex is not StreamingException)
        {
            throw new StreamsException($"exception caught in task {TaskId} processing topic={topic} partition={Partition} offset={offset}: {ex.Message}", ex);
        }
        finally
        {
            RecordMetadata = null;
        }
    }

    public ICancellable Schedule(RuntimeNode node, TimeSpan interval, PunctuationType type, Action<long> punctuator)
    {
        ArgumentNullException.ThrowIfNull(punctuator);
        long ms = (long)interval.TotalMilliseconds;
        if (ms < 1) throw new ArgumentOutOfRangeException(nameof(interval), interval, "a punctuation interval must be at least 1 ms");
        // Stream time aligns to 0 and fires with the first record; wall-clock time fires one interval from now (as Kafka).
        long first = type == PunctuationType.StreamTime ? 0 : WallClockTime + ms;
        var schedule = new PunctuationSchedule(node, type, first, ms, punctuator);
        _schedules.Add(schedule);
        return schedule;
    }

    /// <summary>Runs the stream-time punctuations that are due; true if any ran.</summary>
    public bool MaybePunctuateStreamTime() => StreamTime >= 0 && Punctuate(PunctuationType.StreamTime, StreamTime);

    /// <summary>Runs the wall-clock punctuations that are due; true if any ran.</summary>
    public bool MaybePunctuateSystemTime() => Punctuate(PunctuationType.WallClockTime, WallClockTime);

    /// <summary>Flushes every store (caches forward their de-duplicated updates downstream).</summary>
    public void Commit()
    {
        foreach (IStateStore store in _stores.Values) store.Flush();
    }

    /// <summary>Drops what the stores' caches have not flushed, before a dirty close: it must reach neither the changelogs nor downstream.</summary>
    public void DiscardCaches()
    {
        foreach (IStateStore store in _stores.Values)
        {
            if (store.IsOpen) StoreLayers.Find<CachingKeyValueStore>(store)?.DiscardDirty();
        }
    }

    public void Dispose() => Close(deleteState: false);

    /// <summary>
    /// Closes the processors and the stores, then releases the task directory — whatever throws on the way: every store is
    /// still closed and the lock always released (a leaked lock would keep the task from ever opening again in this
    /// process). The first failure is rethrown at the end.
    /// </summary>
    public void Close(bool deleteState)
    {
        Exception? first = null;
        if (!_storesOnly)
        {
            foreach (RuntimeNode node in _nodes)
            {
                try
                {
                    node.Close();
                }
                catch (Exception ex)
                {
                    first ??= ex;
                }
            }
        }
        foreach (IStateStore store in _stores.Values)
        {
            try
            {
                if (store.IsOpen) store.Close();
            }
            catch (Exception ex)
            {
                first ??= ex;
            }
        }
        try
        {
            _directory?.Release(deleteState && first is null);
        }
        finally
        {
            _directory = null;
        }
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }

    private bool Punctuate(PunctuationType type, long now)
    {
        if (_schedules.Count == 0) return false;
        bool due = false;
        foreach (PunctuationSchedule s in _schedules) due |= s.Type == type && !s.IsCancelled && s.Next <= now;
        if (!due) return false;
        bool any = false;
        // Punctuators may schedule or cancel: iterate over a copy.
        foreach (PunctuationSchedule s in _schedules.ToArray())
        {
            if (s.Type != type || s.IsCancelled || s.Next > now) continue;
            CurrentTimestamp = now;
            s.Punctuator(now);
            s.Advance(now);
            any = true;
        }
        _schedules.RemoveAll(s => s.IsCancelled);
        return any;
    }
}
