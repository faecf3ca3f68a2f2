using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Streaming.Streams.Internal;
using Streaming.Streams.State;
using Streaming.Streams.State.Internal;

namespace Streaming.Streams.Runtime;

/// <summary>
/// Keeps the global stores (global tables) of one instance: at start it restores each from every partition of its topic —
/// from its checkpoint, or the beginning — up to the topic's end (the stream threads start only after that); then a
/// background thread applies new records as they arrive and checkpoints every commit interval. The topic is the store's
/// changelog. A failure here stops the instance.
/// </summary>
internal sealed class GlobalStreamThread
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    private readonly Topology _topology;
    private readonly StreamsConfig _config;
    private readonly IStreamsRuntime _owner;
    private readonly ILogger _logger;
    private readonly StreamTask _task;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly List<TopicPartition> _partitions = [];
    private readonly Dictionary<string, IRestoreTarget> _targetsByTopic = [];
    private Thread? _thread;
    private volatile bool _stopRequested;

    private GlobalStreamThread(Topology topology, IStreamsRuntime owner, StreamTask task, ILogger logger)
    {
        _topology = topology;
        _config = topology.Config;
        _owner = owner;
        _task = task;
        _logger = logger;
        var config = new ConsumerConfig(_config.ClientConfig)
        {
            ClientId = $"{_config.ApplicationId}-{owner.ProcessId:N}-GlobalStreamThread",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = _config.ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2 ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        };
        config.Set("group.id", null);
        _consumer = new ConsumerBuilder<byte[], byte[]>(owner.Transport, config).Build();
    }

    /// <summary>The global stores by name (thread-safe: every operation takes the store's lock).</summary>
    public IReadOnlyDictionary<string, IStateStore> Stores => _task.Stores;

    /// <summary>Global-store records restored at start.</summary>
    public long RestoredRecords { get; private set; }

    /// <summary>Creates the global task, locks its directory and restores every global store; null when the topology has none.</summary>
    public static GlobalStreamThread? CreateAndRestore(Topology topology, IStreamsRuntime owner, ILogger logger, CancellationToken cancellationToken)
    {
        StreamTask? task = topology.CreateGlobalTask(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), NoCollector.Instance);
        if (task is null) return null;
        task.Logger = logger;
        var thread = new GlobalStreamThread(topology, owner, task, logger);
        try
        {
            thread.Restore(cancellationToken);
            return thread;
        }
        catch
        {
            thread.Close();
            throw;
        }
    }

    private void Restore(CancellationToken cancellationToken)
    {
        _task.LockDirectory();
        Dictionary<TopicPartition, long> checkpoint = [];
        if (_task.DirectoryPath is { } dir)
        {
            try
            {
                checkpoint = Checkpoint.Read(dir);
            }
            catch (StorageException)
            {
                checkpoint = [];
            }
        }
        // Where each partition's log is now, before the stores open: a checkpoint outside it means the topic was recreated
        // or truncated, and the local copy is rebuilt from scratch.
        var marks = new Dictionary<TopicPartition, WatermarkOffsets>();
        var storeOfTopic = new Dictionary<string, string>();
        using (IAdminClient admin = _owner.Transport.CreateAdminClient(new AdminClientConfig(_config.ClientConfig)))
        {
            foreach (string store in _topology.GlobalStoreNames)
            {
                string topic = _topology.GlobalStoreTopic(store) ?? throw new StreamsException($"global store '{store}' has no source topic");
                storeOfTopic[topic] = store;
                var description = admin.DescribeTopicsAsync([topic], cancellationToken).GetAwaiter().GetResult();
                foreach (var p in description[0].Partitions)
                {
                    var tp = new TopicPartition(topic, p.Partition);
                    _partitions.Add(tp);
                    marks[tp] = _consumer.QueryWatermarkOffsets(tp, ClientTimeout);
                }
            }
        }
        if (checkpoint.Any(c => !marks.TryGetValue(c.Key, out WatermarkOffsets m) || c.Value > m.High.Value || c.Value < m.Low.Value))
        {
            StreamsLog.CheckpointOutOfRange(_logger, "global", "global", string.Join(", ", checkpoint.Select(c => $"{c.Key}@{c.Value}")));
            checkpoint = [];
        }
        if (checkpoint.Count == 0) _task.WipeState();
        _task.Initialize();
        var ends = new Dictionary<TopicPartition, long>();
        var starts = new List<TopicPartitionOffset>();
        foreach ((string topic, string store) in storeOfTopic) _targetsByTopic[topic] = StoreLayers.RestoreTarget(_task.Stores[store]);
        foreach (TopicPartition tp in _partitions)
        {
            string store = storeOfTopic[tp.Topic];
            long from = _task.Stores[store].Persistent && checkpoint.TryGetValue(tp, out long c) ? c : marks[tp].Low.Value;
            ends[tp] = marks[tp].High.Value;
            starts.Add(new TopicPartitionOffset(tp, new Offset(from)));
        }
        _consumer.Assign(starts);
        var clock = Stopwatch.StartNew();
        var next = starts.ToDictionary(s => s.TopicPartition, s => s.Offset.Value);
        while (next.Any(n => n.Value < ends[n.Key]))
        {
            cancellationToken.ThrowIfCancellationRequested();
            ConsumedRecords batch = _consumer.ConsumeBatch(TimeSpan.FromMilliseconds(100), cancellationToken);
            foreach (RawRecord r in batch)
            {
                if (!r.KeyIsNull) _targetsByTopic[r.TopicPartition.Topic].Restore(r.Key, r.Value, r.ValueIsNull, r.Timestamp.UnixTimestampMs);
                RestoredRecords++;
            }
            foreach (IRestoreTarget target in _targetsByTopic.Values) target.EndRestoreBatch();
            foreach (TopicPartition tp in _partitions)
            {
                Offset position = _consumer.Position(tp);
                if (position.Value > next[tp]) next[tp] = position.Value;
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(30))
                throw new StreamsException($"the global stores did not restore within 30 minutes ({RestoredRecords} records so far)");
        }
        StreamsLog.GlobalRestored(_logger, string.Join(", ", _topology.GlobalStoreNames), RestoredRecords, (long)clock.Elapsed.TotalMilliseconds);
        WriteCheckpoint();
    }

    /// <summary>Starts following the global topics.</summary>
    public void Start()
    {
        _thread = new Thread(Run) { Name = $"{_config.ApplicationId}-GlobalStreamThread", IsBackground = true };
        _thread.Start();
    }

    public void RequestStop() => _stopRequested = true;

    public bool Join(TimeSpan timeout) => _thread is null || _thread.Join(timeout);

    private void Run()
    {
        try
        {
            long lastCommit = Stopwatch.GetTimestamp();
            while (!_stopRequested)
            {
                ConsumedRecords batch = _consumer.ConsumeBatch(_config.PollTimeout);
                foreach (RawRecord r in batch)
                    _task.Process(r.TopicPartition.Topic, r.Offset, r.Key, r.KeyIsNull, r.Value, r.ValueIsNull, r.Timestamp.UnixTimestampMs, r.Headers.ToHeaders() ?? new Headers());
                if (Stopwatch.GetElapsedTime(lastCommit) >= _config.CommitInterval)
                {
                    _task.Commit();
                    WriteCheckpoint();
                    lastCommit = Stopwatch.GetTimestamp();
                }
            }
            _task.Commit();
            WriteCheckpoint();
        }
        catch (Exception ex)
        {
            StreamsLog.GlobalThreadFailed(_logger, ex);
            _owner.OnGlobalThreadFailed(ex);
        }
    }

    private void WriteCheckpoint()
    {
        if (_task.DirectoryPath is not { } dir) return;
        var positions = new Dictionary<TopicPartition, long>();
        foreach (TopicPartition tp in _partitions)
        {
            Offset position = _consumer.Position(tp);
            if (position.Value >= 0) positions[tp] = position.Value;
        }
        Checkpoint.Write(dir, positions);
    }

    /// <summary>Closes the stores and the consumer (after <see cref="Join"/>).</summary>
    public void Close()
    {
        try
        {
            _task.Close(deleteState: false);
        }
        finally
        {
            _consumer.Dispose();
        }
    }

    /// <summary>Global stores are not logged (their topic is their changelog) and their processors send nothing.</summary>
    private sealed class NoCollector : IRecordCollector
    {
        public static readonly NoCollector Instance = new();

        public void Send(string topic, int partition, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, bool valueIsNull, long timestamp, Headers? headers)
            => throw new StreamsException($"a global-store processor tried to send a record to '{topic}': global processors may only update their store");
    }
}
