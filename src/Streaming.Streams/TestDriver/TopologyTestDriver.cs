using Streaming.Streams.Internal;
using Streaming.Streams.State;
using Streaming.Streams.State.Internal;

namespace Streaming.Streams.TestDriver;

/// <summary>
/// Runs a <see cref="Topology"/> synchronously in the calling thread, without a broker: one task per sub-topology (partition 0),
/// a mock wall clock, and topics that are in-memory queues. Piping a record processes it completely before returning:
/// the record, the stream-time punctuations it makes due, the records it sends through repartition topics, then a commit
/// (caches flush) — see <see cref="TopologyTestDriverOptions.CommitAfterEachInput"/>. Not thread-safe.
/// </summary>
public sealed class TopologyTestDriver : IDisposable, IRecordCollector
{
    private const int MaxCommitRounds = 1000;

    private readonly Topology _topology;
    private readonly TopologyTestDriverOptions _options;
    private readonly List<StreamTask> _tasks = [];
    private readonly Dictionary<string, StreamTask> _taskByTopic = [];
    private readonly HashSet<string> _internalTopics;
    private readonly Dictionary<string, Queue<CapturedRecord>> _outputs = [];
    private readonly Dictionary<string, long> _offsets = [];
    private readonly Queue<CapturedRecord> _internal = new();
    private readonly HashSet<string> _produced = [];
    private readonly StreamTask? _globalTask;
    private long _lastCommitMs;
    private bool _disposed;

    /// <summary>Creates the tasks of <paramref name="topology"/>, opens their stores and runs the processors' <c>Init</c>.</summary>
    public TopologyTestDriver(Topology topology, TopologyTestDriverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        _topology = topology;
        _options = options ?? new TopologyTestDriverOptions();
        WallClockTimeMs = _options.InitialWallClockTime.ToUnixTimeMilliseconds();
        _lastCommitMs = WallClockTimeMs;
        _internalTopics = [.. topology.RepartitionTopics];
        try
        {
            // Global stores first: the stream tasks' processors may read them in Init.
            _globalTask = topology.CreateGlobalTask(() => WallClockTimeMs, this);
            if (_globalTask is not null)
            {
                _globalTask.Initialize();
                foreach (string t in _globalTask.SourceTopics) _taskByTopic[t] = _globalTask;
            }
            for (int i = 0; i < topology.SubtopologyCount; i++)
            {
                StreamTask task = topology.CreateTask(i, 0, () => WallClockTimeMs, this);
                task.GlobalStores = _globalTask?.Stores;
                _tasks.Add(task);
                task.Initialize();
                foreach (string t in task.SourceTopics) _taskByTopic[t] = task;
            }
        }
        catch
        {
            foreach (StreamTask t in _tasks) t.Close(_options.DeleteStateOnDispose);
            _globalTask?.Close(_options.DeleteStateOnDispose);
            throw;
        }
    }

    /// <summary>The mock wall clock (Unix ms); moves only with <see cref="AdvanceWallClockTime"/>.</summary>
    public long WallClockTimeMs { get; private set; }

    /// <summary>Records skipped so far by the tasks (deserialization errors the handler skipped, null join keys, ...).</summary>
    public long DroppedRecords => _tasks.Sum(t => t.DroppedRecords);

    /// <summary>Every topic the topology has written to (sinks, repartition and changelog topics).</summary>
    public IReadOnlyCollection<string> ProducedTopicNames => _produced;

    /// <summary>Records dropped so far by every task (Kafka's <c>dropped-records-total</c>): too late for their window, or skipped by a handler.</summary>
    public long DroppedRecordsTotal => _tasks.Sum(t => t.DroppedRecords);

    /// <summary>An input for source topic <paramref name="topic"/>; serializers default as <see cref="Serializers.Default{T}"/>.</summary>
    public TestInputTopic<TKey, TValue> CreateInputTopic<TKey, TValue>(string topic, ISerializer<TKey>? keySerializer = null, ISerializer<TValue>? valueSerializer = null)
    {
        if (!_taskByTopic.ContainsKey(topic)) throw new ArgumentException($"topic '{topic}' is not read by the topology", nameof(topic));
        return new(this, topic, keySerializer ?? Serializers.Default<TKey>(), valueSerializer ?? Serializers.Default<TValue>());
    }

    /// <summary>A reader of what the topology writes to <paramref name="topic"/> (a sink topic, or a changelog/repartition topic).</summary>
    public TestOutputTopic<TKey, TValue> CreateOutputTopic<TKey, TValue>(string topic, IDeserializer<TKey>? keyDeserializer = null, IDeserializer<TValue>? valueDeserializer = null)
        => new(topic, Output(topic), keyDeserializer ?? Deserializers.Default<TKey>(), valueDeserializer ?? Deserializers.Default<TValue>());

    /// <summary>Moves the mock wall clock forward and runs the wall-clock punctuations that become due (then commits as configured).</summary>
    public void AdvanceWallClockTime(TimeSpan advance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(advance, TimeSpan.Zero);
        ThrowIfDisposed();
        WallClockTimeMs += (long)advance.TotalMilliseconds;
        foreach (StreamTask task in _tasks) task.MaybePunctuateSystemTime();
        DrainInternal();
        MaybeCommit();
    }

    /// <summary>
    /// The typed store <paramref name="name"/> (reads go through its cache), or throws if there is none of that type. A
    /// timestamped store (the DSL's) is returned as a plain view whose reads drop the timestamps, as Kafka's driver does.
    /// </summary>
    public IKeyValueStore<TKey, TValue> GetKeyValueStore<TKey, TValue>(string name)
    {
        IStateStore store = GetStateStore(name);
        return store switch
        {
            IKeyValueStore<TKey, TValue> plain => plain,
            ITimestampedKeyValueStore<TKey, TValue> timestamped => new KeyValueStoreFacade<TKey, TValue>(timestamped),
            _ => throw new InvalidOperationException($"store '{name}' is a {store.GetType().Name}, not a key-value store of <{typeof(TKey).Name}, {typeof(TValue).Name}>"),
        };
    }

    /// <summary>The timestamped store <paramref name="name"/> (a DSL table's or aggregation's): values with their timestamps.</summary>
    public ITimestampedKeyValueStore<TKey, TValue> GetTimestampedKeyValueStore<TKey, TValue>(string name)
    {
        IStateStore store = GetStateStore(name);
        return store as ITimestampedKeyValueStore<TKey, TValue>
            ?? throw new InvalidOperationException($"store '{name}' is a {store.GetType().Name}, not a timestamped key-value store of <{typeof(TKey).Name}, {typeof(TValue).Name}>");
    }

    /// <summary>The window store <paramref name="name"/>; a timestamped one (a windowed aggregation's) as a plain view without timestamps.</summary>
    public IWindowStore<TKey, TValue> GetWindowStore<TKey, TValue>(string name)
    {
        IStateStore store = GetStateStore(name);
        return store switch
        {
            IWindowStore<TKey, TValue> plain => plain,
            ITimestampedWindowStore<TKey, TValue> timestamped => new WindowStoreFacade<TKey, TValue>(timestamped),
            _ => throw new InvalidOperationException($"store '{name}' is a {store.GetType().Name}, not a window store of <{typeof(TKey).Name}, {typeof(TValue).Name}>"),
        };
    }

    /// <summary>The timestamped window store <paramref name="name"/> (a windowed aggregation's): values with their timestamps.</summary>
    public ITimestampedWindowStore<TKey, TValue> GetTimestampedWindowStore<TKey, TValue>(string name)
    {
        IStateStore store = GetStateStore(name);
        return store as ITimestampedWindowStore<TKey, TValue>
            ?? throw new InvalidOperationException($"store '{name}' is a {store.GetType().Name}, not a timestamped window store of <{typeof(TKey).Name}, {typeof(TValue).Name}>");
    }

    /// <summary>The session store <paramref name="name"/>.</summary>
    public ISessionStore<TKey, TValue> GetSessionStore<TKey, TValue>(string name)
    {
        IStateStore store = GetStateStore(name);
        return store as ISessionStore<TKey, TValue>
            ?? throw new InvalidOperationException($"store '{name}' is a {store.GetType().Name}, not a session store of <{typeof(TKey).Name}, {typeof(TValue).Name}>");
    }

    /// <summary>The store <paramref name="name"/> of whichever task holds it.</summary>
    public IStateStore GetStateStore(string name)
    {
        foreach (StreamTask task in _tasks)
        {
            if (task.Stores.TryGetValue(name, out IStateStore? store)) return store;
        }
        if (_globalTask is not null && _globalTask.Stores.TryGetValue(name, out IStateStore? global)) return global;
        throw new ArgumentException($"the topology has no store '{name}'", nameof(name));
    }

    /// <summary>Flushes the caches (committing) unless <see cref="TopologyTestDriverOptions.CommitAfterEachInput"/> already did, then closes processors and stores.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        try
        {
            CommitAll();
        }
        finally
        {
            _disposed = true;
            foreach (StreamTask task in _tasks) task.Close(_options.DeleteStateOnDispose);
            _globalTask?.Close(_options.DeleteStateOnDispose);
        }
    }

    void IRecordCollector.Send(string topic, int partition, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, bool valueIsNull, long timestamp, Headers? headers)
    {
        var copy = new Headers();
        if (headers is not null)
        {
            foreach (Header h in headers) copy.Add(h);
        }
        var record = new CapturedRecord(topic, keyIsNull ? null : key.ToArray(), valueIsNull ? null : value.ToArray(), timestamp, copy);
        _produced.Add(topic);
        Output(topic).Enqueue(record);
        if (_internalTopics.Contains(topic)) _internal.Enqueue(record);
    }

    internal void PipeRaw(string topic, byte[]? key, byte[]? value, long timestamp, Headers headers)
    {
        ThrowIfDisposed();
        if (!_taskByTopic.ContainsKey(topic)) throw new ArgumentException($"topic '{topic}' is not read by the topology", nameof(topic));
        Process(new CapturedRecord(topic, key, value, timestamp, headers));
        DrainInternal();
        MaybeCommit();
    }

    private void Process(CapturedRecord r)
    {
        StreamTask task = _taskByTopic[r.Topic];
        _offsets.TryGetValue(r.Topic, out long offset);
        _offsets[r.Topic] = offset + 1;
        task.Process(r.Topic, offset, r.Key, r.Key is null, r.Value, r.Value is null, r.Timestamp, r.Headers);
        task.MaybePunctuateStreamTime();
    }

    private void DrainInternal()
    {
        while (_internal.TryDequeue(out CapturedRecord? r)) Process(r);
    }

    private void MaybeCommit()
    {
        if (_options.CommitAfterEachInput || WallClockTimeMs - _lastCommitMs >= (long)_topology.Config.CommitInterval.TotalMilliseconds)
            CommitAll();
    }

    private void CommitAll()
    {
        // A flush forwards cached updates, which may go through repartition topics into tasks whose caches then need a flush.
        _globalTask?.Commit();
        for (int round = 0; round < MaxCommitRounds; round++)
        {
            foreach (StreamTask task in _tasks) task.Commit();
            if (_internal.Count == 0)
            {
                _lastCommitMs = WallClockTimeMs;
                return;
            }
            DrainInternal();
        }
        throw new StreamsException($"commit did not settle after {MaxCommitRounds} rounds of flushing and repartitioning");
    }

    private Queue<CapturedRecord> Output(string topic)
    {
        if (!_outputs.TryGetValue(topic, out Queue<CapturedRecord>? queue)) _outputs[topic] = queue = new Queue<CapturedRecord>();
        return queue;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
