using System.Buffers;
using System.Diagnostics;
using Streaming.Broker.Log;

namespace Streaming.Broker.InProcess;

/// <summary>
/// The in-process consumer: fetches whole batches from the partition logs into one reusable buffer, round-robin over the
/// assigned partitions, and waits at the log end on an append signal (never sleep-and-poll). Not thread-safe, as Kafka's.
/// </summary>
internal sealed partial class InProcessConsumer<TKey, TValue> : IConsumer<TKey, TValue>, IAppendListener
{
    private readonly EmbeddedBroker _broker;
    private readonly ConsumerSettings _settings;
    private readonly IDeserializer<TKey> _keyDeserializer;
    private readonly IDeserializer<TValue> _valueDeserializer;
    private readonly List<PartitionState> _assigned = [];
    private readonly ManualResetEventSlim _dataArrived = new(false);
    private readonly FetchedRecords _records;
    private byte[] _buffer;
    private int _next;
    private int _waiting;
    private bool _disposed;

    private readonly ConsumerSetup<TKey, TValue> _setup;

    public InProcessConsumer(EmbeddedBroker broker, ConsumerSetup<TKey, TValue> setup)
    {
        ArgumentNullException.ThrowIfNull(setup.KeyDeserializer);
        ArgumentNullException.ThrowIfNull(setup.ValueDeserializer);
        _broker = broker;
        _setup = setup;
        _settings = ConsumerSettings.From(setup.Config);
        _assignors = ResolveAssignors(_settings, setup.Assignors ?? []);
        _keyDeserializer = setup.KeyDeserializer;
        _valueDeserializer = setup.ValueDeserializer;
        _lastPoll = broker.Time.GetTimestamp();
        _lastAutoCommit = broker.Time.GetTimestamp();
        _records = new FetchedRecords(_settings.CheckCrcs);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(_settings.MaxPartitionFetchBytes, 4 * 1024 * 1024));
    }

    public string Name => _settings.ClientId;

    public IReadOnlyList<TopicPartition> Assignment
    {
        get
        {
            ThrowIfDisposed();
            return _assigned.Select(p => p.TopicPartition).ToArray();
        }
    }

    public IReadOnlyList<TopicPartition> Paused
    {
        get
        {
            ThrowIfDisposed();
            return _assigned.Where(p => p.Paused).Select(p => p.TopicPartition).ToArray();
        }
    }

    public void Assign(IEnumerable<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset)));
    }

    public void Assign(IEnumerable<TopicPartitionOffset> partitions)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(partitions);
        if (IsSubscribed)
            throw new InvalidStateException("this consumer is subscribed to topics; Unsubscribe before assigning partitions by hand (they are exclusive, as in Kafka)");
        var states = new List<PartitionState>();
        foreach (var tpo in partitions)
        {
            if (states.Any(s => s.TopicPartition == tpo.TopicPartition))
                throw new ArgumentException($"partition {tpo.TopicPartition} is listed twice", nameof(partitions));
            _broker.GetOrCreateTopic(tpo.Topic);
            var log = _broker.Topics.GetPartition(tpo.TopicPartition);
            var state = new PartitionState(tpo.TopicPartition, log, PartitionState.Unresolved);
            if (tpo.Offset != Offset.Unset && tpo.Offset != Offset.Stored) SeekState(state, tpo.Offset);
            states.Add(state);
        }
        Unassign();
        foreach (var state in states)
        {
            state.Log.AddListener(this);
            _assigned.Add(state);
        }
    }

    public void Unassign()
    {
        ThrowIfDisposed();
        if (IsSubscribed) throw new InvalidStateException("this consumer's partitions come from its group; use Unsubscribe");
        foreach (var state in _assigned) state.Log.RemoveListener(this);
        _assigned.Clear();
        _records.Clear();
        _next = 0;
    }

    public ConsumeResult<TKey, TValue>? Consume(TimeSpan timeout) => ConsumeCore(timeout, CancellationToken.None);

    public ConsumeResult<TKey, TValue> Consume(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = ConsumeCore(Timeout.InfiniteTimeSpan, cancellationToken);
            if (result is not null) return result;
        }
    }

    private ConsumeResult<TKey, TValue>? ConsumeCore(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        long deadline = Deadline(timeout);
        BeforePoll();
        while (true)
        {
            if (_records.TryReadNext(out var raw)) return Materialize(raw);
            if (_settings.EnablePartitionEof && TakeEof() is { } eof) return eof;
            var fetched = Fetch(deadline, cancellationToken);
            if (fetched == FetchOutcome.TimedOut) return null;
            if (fetched == FetchOutcome.GroupEvent) BeforePoll();
        }
    }

    private ConsumeResult<TKey, TValue> Materialize(RawRecord raw)
    {
        var tp = raw.TopicPartition;
        TKey key;
        TValue value;
        try
        {
            key = _keyDeserializer.Deserialize(raw.Key, raw.KeyIsNull, new SerializationContext(MessageComponentType.Key, tp.Topic));
            value = _valueDeserializer.Deserialize(raw.Value, raw.ValueIsNull, new SerializationContext(MessageComponentType.Value, tp.Topic));
        }
        catch (Exception ex)
        {
            // As Kafka's consumer: the position stays on the record that failed; seek past it to skip it.
            var state = _records.Partition!;
            state.Position = raw.Offset;
            _records.Clear();
            throw ex as SerializationException
                  ?? new SerializationException($"record {tp}@{raw.Offset} could not be deserialized: {ex.Message}", ex);
        }
        return new ConsumeResult<TKey, TValue>
        {
            Topic = tp.Topic,
            Partition = tp.Partition,
            Offset = raw.Offset,
            Message = new Message<TKey, TValue> { Key = key, Value = value, Timestamp = raw.Timestamp, Headers = raw.Headers.ToHeaders() },
        };
    }

    private ConsumeResult<TKey, TValue>? TakeEof()
    {
        foreach (var state in _assigned)
        {
            if (state.Paused || state.EofReported || state.Position == PartitionState.Unresolved) continue;
            if (state.Position >= EndOffset(state.Log))
            {
                state.EofReported = true;
                return new ConsumeResult<TKey, TValue>
                {
                    Topic = state.TopicPartition.Topic,
                    Partition = state.TopicPartition.Partition,
                    Offset = state.Position,
                    Message = new Message<TKey, TValue>(),
                    IsPartitionEOF = true,
                };
            }
        }
        return null;
    }

    public ConsumedRecords ConsumeBatch(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        long deadline = Deadline(timeout);
        _records.Clear();
        BeforePoll();
        while (Fetch(deadline, cancellationToken) == FetchOutcome.GroupEvent) BeforePoll();
        return _records;
    }

    private static long Deadline(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan) return long.MaxValue;
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
    }

    private enum FetchOutcome
    {
        Fetched,
        TimedOut,
        GroupEvent,
    }

    /// <summary>Fetches the next partition with data into the buffer, waiting for an append until the deadline or a group event.</summary>
    private FetchOutcome Fetch(long deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsSubscribed && (_needsRejoin || _lost || _fatal is not null)) return FetchOutcome.GroupEvent;
            _dataArrived.Reset();
            // A full fence (not a release write): the store of _waiting must not pass the loads of the log end in TryFetch,
            // or an append racing with this check could skip the Set and leave the wait to its timeout.
            Interlocked.Exchange(ref _waiting, 1);
            if (TryFetch())
            {
                Volatile.Write(ref _waiting, 0);
                return FetchOutcome.Fetched;
            }
            long left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0 || (_settings.EnablePartitionEof && _assigned.Any(s => !s.Paused && !s.EofReported && s.Position != PartitionState.Unresolved && s.Position >= EndOffset(s.Log))))
            {
                Volatile.Write(ref _waiting, 0);
                return FetchOutcome.TimedOut;
            }
            TimeSpan wait = deadline == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(left / (double)Stopwatch.Frequency);
            // A partition whose committed offset waits on an open transaction is looked at again soon (no append signals it).
            if (_waitingOnUnstableOffsets && (wait == Timeout.InfiniteTimeSpan || wait > UnstableOffsetRetry)) wait = UnstableOffsetRetry;
            _dataArrived.Wait(wait, cancellationToken);
            Volatile.Write(ref _waiting, 0);
            ThrowIfDisposed();
        }
    }

    private bool TryFetch()
    {
        int count = _assigned.Count;
        _waitingOnUnstableOffsets = false;
        for (int i = 0; i < count; i++)
        {
            var state = _assigned[(_next + i) % count];
            if (state.Paused) continue;
            if (state.Position == PartitionState.Unresolved && !TryResolvePosition(state)) continue;
            int limit = _settings.MaxPartitionFetchBytes;
            while (true)
            {
                long maxOffset = ReadCommitted ? state.Log.LastStableOffset : long.MaxValue;
                var result = state.Log.Read(state.Position, _buffer.AsSpan(0, Math.Min(_buffer.Length, limit)), maxOffset);
                if (result.Error == ErrorCode.OffsetOutOfRange)
                {
                    ResetPosition(state, $"offset {state.Position} is out of range [{result.LogStartOffset}, {result.HighWatermark}]");
                    continue;
                }
                if (result.RequiredSize > 0)
                {
                    // The next batch is larger than the limit: Kafka returns at least one whole batch, so fetch just that one.
                    limit = result.RequiredSize;
                    if (_buffer.Length < limit)
                    {
                        ArrayPool<byte>.Shared.Return(_buffer);
                        _buffer = ArrayPool<byte>.Shared.Rent(limit);
                    }
                    continue;
                }
                if (result.BytesRead == 0) break;
                _records.Reset(state, _buffer, result.BytesRead);
                if (ReadCommitted)
                {
                    _aborted.Clear();
                    state.Log.CollectAbortedTransactions(state.Position, maxOffset, _aborted);
                    _records.SetAbortedTransactions(_aborted);
                }
                _next = (_next + i + 1) % count;
                CommitBeforeDelivery(state);
                return true;
            }
        }
        return false;
    }

    private static readonly TimeSpan UnstableOffsetRetry = TimeSpan.FromMilliseconds(20);
    private readonly List<Log.AbortedTransaction> _aborted = [];
    private bool _waitingOnUnstableOffsets;

    private bool ReadCommitted => _settings.IsolationLevel == IsolationLevel.ReadCommitted;

    /// <summary>Where the partition ends for this consumer: the last stable offset for read_committed, else the log end.</summary>
    private long EndOffset(PartitionLog log) => ReadCommitted ? log.LastStableOffset : log.LogEndOffset;

    /// <summary>
    /// Places a partition that has no position: at the group's committed offset when there is one, else by
    /// <c>auto.offset.reset</c>. False — try again later — while an open transaction holds an offset commit for it
    /// (KIP-447): the committed offset is not known until that transaction ends.
    /// </summary>
    private bool TryResolvePosition(PartitionState state)
    {
        if (_settings.GroupId is { } group)
        {
            if (_broker.Groups.Offsets.HasPendingTransactionalOffset(group, state.TopicPartition))
            {
                _waitingOnUnstableOffsets = true;
                return false;
            }
            if (_broker.Groups.Offsets.Get(group, state.TopicPartition) is { } committed)
            {
                state.Position = committed.Offset;
                state.EofReported = false;
                return true;
            }
        }
        ResetPosition(state, "it has no committed offset");
        return true;
    }

    private void ResetPosition(PartitionState state, string why)
    {
        switch (_settings.AutoOffsetReset)
        {
            case AutoOffsetReset.Earliest:
                state.Position = state.Log.LogStartOffset;
                break;
            case AutoOffsetReset.Latest:
                state.Position = EndOffset(state.Log);
                break;
            default:
                throw new OffsetOutOfRangeException($"{state.TopicPartition}: {why} and auto.offset.reset is none");
        }
        state.EofReported = false;
    }

    void IAppendListener.OnAppend(PartitionLog log)
    {
        Interlocked.MemoryBarrier(); // pairs with the fence in Fetch: the new log end is visible before _waiting is read
        if (Volatile.Read(ref _waiting) != 0) _dataArrived.Set();
    }

    public void Seek(TopicPartitionOffset position)
    {
        ThrowIfDisposed();
        var state = Find(position.TopicPartition, "seek");
        SeekState(state, position.Offset);
        if (ReferenceEquals(_records.Partition, state)) _records.Clear();
    }

    private void SeekState(PartitionState state, Offset offset)
    {
        long start = state.Log.LogStartOffset;
        long end = EndOffset(state.Log);
        if (offset == Offset.Beginning) state.Position = start;
        else if (offset == Offset.End) state.Position = end;
        else if (offset == Offset.Unset || offset == Offset.Stored) state.Position = PartitionState.Unresolved;
        else if (offset.Value < 0) throw new ArgumentOutOfRangeException(nameof(offset), offset.Value, "an offset must be a non-negative number or one of Offset.Beginning/End/Stored/Unset");
        else state.Position = offset.Value; // checked against the log at fetch time, where auto.offset.reset applies
        state.EofReported = false;
    }

    public Offset Position(TopicPartition partition)
    {
        ThrowIfDisposed();
        var state = Find(partition, "ask the position of");
        return state.Position == PartitionState.Unresolved ? Offset.Unset : new Offset(state.Position);
    }

    public void Pause(IEnumerable<TopicPartition> partitions)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (var tp in partitions)
        {
            var state = Find(tp, "pause");
            state.Paused = true;
            if (ReferenceEquals(_records.Partition, state)) _records.Clear();
        }
    }

    public void Resume(IEnumerable<TopicPartition> partitions)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (var tp in partitions) Find(tp, "resume").Paused = false;
    }

    public WatermarkOffsets QueryWatermarkOffsets(TopicPartition partition, TimeSpan timeout)
    {
        ThrowIfDisposed();
        var log = _broker.Topics.GetPartition(partition);
        return new WatermarkOffsets(log.LogStartOffset, EndOffset(log));
    }

    public IReadOnlyList<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestamps, TimeSpan timeout)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(timestamps);
        var result = new List<TopicPartitionOffset>();
        foreach (var t in timestamps)
        {
            var log = _broker.Topics.GetPartition(t.TopicPartition);
            long? offset = log.OffsetForTimestamp(t.Timestamp.UnixTimestampMs);
            result.Add(new TopicPartitionOffset(t.TopicPartition, offset is { } o ? new Offset(o) : Offset.End));
        }
        return result;
    }

    private PartitionState Find(TopicPartition tp, string action)
    {
        foreach (var state in _assigned)
            if (state.TopicPartition == tp) return state;
        throw new InvalidStateException($"cannot {action} {tp}: it is not assigned to this consumer");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    public void Close() => Dispose();

    /// <summary>Tests only: stops as a crashed process would — no commit, no leave, no more heartbeats.</summary>
    internal void AbandonForTests()
    {
        _heartbeatTimer?.Dispose();
        _heartbeatTimer = null;
        foreach (var state in _assigned) state.Log.RemoveListener(this);
        _disposed = true;
    }

    public void Dispose()
    {
        if (_disposed) return;
        if (IsSubscribed && _fatal is null && !_broker.IsDisposed)
        {
            // Close: a final commit of what was processed, then leave the group so its partitions move at once.
            if (_settings.EnableAutoCommit && _settings.EnableAutoOffsetStore) StoreHandedOut();
            try
            {
                LeaveGroup(commit: _settings.EnableAutoCommit);
            }
            catch (StreamingException)
            {
                // Closing must not fail: the group notices the member is gone at the latest after session.timeout.ms.
            }
        }
        _heartbeatTimer?.Dispose();
        foreach (var state in _assigned) state.Log.RemoveListener(this);
        _assigned.Clear();
        _records.Clear();
        _disposed = true;
        _dataArrived.Set();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
