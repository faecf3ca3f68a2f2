using System.Threading.Channels;
using Streaming.Hosting.Diagnostics;

namespace Streaming.Hosting.Consumers;

internal sealed partial class ConsumerWorker<TKey, TValue>
{
    private readonly HashSet<TopicPartition> _paused = [];
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private volatile IProducer<byte[]?, byte[]?>? _producer; // replaced (while no record is in flight) when fenced
    private DateTimeOffset _lastCommit;

    /// <summary>The poll loop, on its own thread, until the host stops or a fatal error.</summary>
    private void Run(CancellationToken stoppingToken)
    {
        try
        {
            CreateClients();
            _consumer!.Subscribe(_registration.Topics);
            Log.ConsumerStarted(_logger, Name, GroupId, string.Join(",", _registration.Topics), Options.DeliveryGuarantee);
            _lastCommit = _time.GetUtcNow();
            int faults = 0;
            while (!stoppingToken.IsCancellationRequested && Fault is null)
            {
                MarkPolled();
                List<ConsumeResult<byte[]?, byte[]?>> batch;
                try
                {
                    batch = Poll();
                    faults = 0;
                }
                catch (StreamingException ex) when (ex.IsRetriable)
                {
                    var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(faults++, 6))));
                    Log.ConsumeRetry(_logger, ex, Name, delay);
                    WaitFor(delay, stoppingToken);
                    continue;
                }
                if (batch.Count > 0) Dispatch(batch);
                if (IsAtMostOnce) HandOutHeld(polledAny: batch.Count > 0);
                if (TransactionFailure is { } failure) RecoverTransaction(failure);
                Housekeeping();
            }
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && stoppingToken.IsCancellationRequested))
        {
            SetFault(ex, "the poll loop");
        }
        finally
        {
            Shutdown();
            OnStopped();
        }
    }

    private void CreateClients()
    {
        var config = new ConsumerConfig(Options.Consumer)
        {
            GroupId = GroupId,
            AutoOffsetReset = Options.AutoOffsetReset,
            EnableAutoCommit = false, // the worker commits what its handlers finished
            DeliveryGuarantee = Options.DeliveryGuarantee,
        };
        config.ClientId ??= Name;
        if (IsExactlyOnce) config.IsolationLevel = IsolationLevel.ReadCommitted;
        // The producer first: under exactly-once, InitTransactions aborts what a previous incarnation left open, so the
        // consumer then starts from offsets no open transaction can still change.
        _producer = CreateProducer();
        _consumer = _transport.CreateConsumer(new ConsumerSetup<byte[]?, byte[]?>
        {
            Config = config,
            KeyDeserializer = Deserializers.ByteArray,
            ValueDeserializer = Deserializers.ByteArray,
            PartitionsAssigned = (_, partitions) => Log.PartitionsAssigned(_logger, Name, string.Join(",", partitions)),
            PartitionsRevoked = (_, partitions) => OnRevoked(partitions),
            PartitionsLost = (_, partitions) => OnLost(partitions),
        });
    }

    /// <summary>The worker's producer: transactional (and initialized) under exactly-once.</summary>
    private IProducer<byte[]?, byte[]?> CreateProducer()
    {
        var producerConfig = new ProducerConfig(_streaming.Producer);
        producerConfig.ClientId ??= Name + ".producer";
        if (IsExactlyOnce)
        {
            producerConfig.DeliveryGuarantee = DeliveryGuarantee.ExactlyOnce;
            producerConfig.TransactionalId = TransactionalId;
        }
        // The serializer never sees a null (nulls are stored as null), so the non-nullable one serves byte[]?.
        var bytes = (ISerializer<byte[]?>)Serializers.ByteArray;
        var producer = _transport.CreateProducer(producerConfig, bytes, bytes);
        try
        {
            if (IsExactlyOnce) producer.InitTransactions(OperationTimeout);
            return producer;
        }
        catch
        {
            producer.Dispose();
            throw;
        }
    }

    private List<ConsumeResult<byte[]?, byte[]?>> Poll()
    {
        var batch = new List<ConsumeResult<byte[]?, byte[]?>>();
        // Records held back (at-most-once) are handed out as lanes free up: the poll must not block them.
        var result = _consumer!.Consume(_heldCount > 0 ? TimeSpan.Zero : PollTimeout);
        while (result is not null)
        {
            if (!result.IsPartitionEOF) batch.Add(result);
            if (batch.Count >= MaxBatch) break;
            result = _consumer.Consume(TimeSpan.Zero);
        }
        return batch;
    }

    private void Dispatch(List<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        if (IsAtMostOnce)
        {
            Hold(batch); // committed and handed out record by record as they can start
            return;
        }
        if (IsExactlyOnce) BeginTransactionIfNeeded();
        foreach (var record in batch)
        {
            _progress.Dispatched(record.TopicPartition, record.Offset.Value);
            LaneFor(record).Writer.TryWrite(record); // unbounded: the partition is paused when too much is buffered
        }
    }

    private Channel<ConsumeResult<byte[]?, byte[]?>> LaneFor(ConsumeResult<byte[]?, byte[]?> record)
    {
        var key = LaneKeyOf(record);
        if (!_lanes.TryGetValue(key, out var lane))
        {
            lane = Channel.CreateUnbounded<ConsumeResult<byte[]?, byte[]?>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            _lanes[key] = lane;
            _laneTasks.Add(Task.Run(() => RunLaneAsync(lane.Reader)));
        }
        return lane;
    }

    private LaneKey LaneKeyOf(ConsumeResult<byte[]?, byte[]?> record)
        => new(record.TopicPartition, Options.Ordering == ProcessingOrder.PerKey ? KeySlot(record.Message.Key, Options.MaxConcurrency) : 0);

    /// <summary>FNV-1a of the key bytes: equal keys always share a lane; a null key goes to slot 0.</summary>
    private static int KeySlot(byte[]? key, int slots)
    {
        if (key is null) return 0;
        uint hash = 2166136261;
        foreach (byte b in key) hash = (hash ^ b) * 16777619;
        return (int)(hash % (uint)slots);
    }

    private void Housekeeping()
    {
        var assignment = _consumer!.Assignment;
        foreach (var tp in assignment)
        {
            int pending = _progress.PendingCount(tp) + HeldCount(tp);
            if (pending >= Options.MaxBufferedRecordsPerPartition && _paused.Add(tp)) _consumer.Pause([tp]);
            else if (pending <= Options.MaxBufferedRecordsPerPartition / 2 && _paused.Remove(tp)) _consumer.Resume([tp]);
            if (pending == 0 && _consumer.Position(tp) is { IsSpecial: false } position) _progress.Advance(tp, position.Value);
        }
        var now = _time.GetUtcNow();
        if (now - _lastCommit < Options.CommitInterval) return;
        _lastCommit = now;
        MeasureLag(assignment);
        Commit();
    }

    private void MeasureLag(IReadOnlyList<TopicPartition> assignment)
    {
        var processed = _progress.Committable();
        var lag = new Dictionary<TopicPartition, long>(assignment.Count);
        foreach (var tp in assignment)
        {
            try
            {
                long end = _consumer!.QueryWatermarkOffsets(tp, OperationTimeout).High.Value;
                long next = processed.TryGetValue(tp, out long p) ? p : _consumer.Position(tp) is { IsSpecial: false } pos ? pos.Value : end;
                lag[tp] = Math.Max(0, end - next);
            }
            catch (StreamingException ex) when (ex.IsRetriable)
            {
                // keep the partition out of this round's measurement; the next round tries again
            }
        }
        _lag = lag;
    }

    private void OnRevoked(IReadOnlyList<TopicPartition> partitions)
    {
        Log.PartitionsRevoked(_logger, Name, string.Join(",", partitions));
        // Finish what was handed out for the partitions, commit it, then let them go.
        _progress.WaitIdle(_hardStop.Token);
        if (IsExactlyOnce) CommitTransaction();
        else if (Options.DeliveryGuarantee == DeliveryGuarantee.AtLeastOnce) CommitOffsets(partitions);
        DropPartitions(partitions);
    }

    private void OnLost(IReadOnlyList<TopicPartition> partitions)
    {
        Log.PartitionsLost(_logger, Name, string.Join(",", partitions));
        _progress.WaitIdle(_hardStop.Token);
        if (IsExactlyOnce) AbortAndRewind(new InvalidOperationException("partitions were lost: " + string.Join(",", partitions)));
        DropPartitions(partitions);
    }

    private void DropPartitions(IReadOnlyList<TopicPartition> partitions)
    {
        var gone = partitions.ToHashSet();
        foreach (var key in _lanes.Keys.Where(k => gone.Contains(k.Partition)).ToList())
        {
            _lanes[key].Writer.TryComplete();
            _lanes.Remove(key);
        }
        _progress.Forget(partitions);
        DropHeld(partitions);
        foreach (var tp in partitions)
        {
            _paused.Remove(tp);
            _committed.Remove(tp);
        }
    }

    /// <summary>Graceful stop: records not yet started stay uncommitted; the ones running finish; then commit and leave the group.</summary>
    private void Shutdown()
    {
        _stopping = true;
        if (!_progress.WaitIdle(_hardStop.Token)) Log.ShutdownTimedOut(_logger, Name);
        foreach (var lane in _lanes.Values) lane.Writer.TryComplete();
        _lanes.Clear();
        DropHeld([.. _held.Keys]);
        try
        {
            Task.WaitAll([.. _laneTasks], _hardStop.Token);
        }
        catch (OperationCanceledException)
        {
            // the shutdown timeout ran out; what did not finish is redelivered
        }
        if (_consumer is not null)
        {
            try
            {
                if (IsExactlyOnce) CommitTransaction();
                else if (Options.DeliveryGuarantee == DeliveryGuarantee.AtLeastOnce) CommitOffsets(_consumer.Assignment);
                Log.ConsumerStopped(_logger, Name, string.Join(",", _committed.Select(c => $"{c.Key}@{c.Value}")));
                _consumer.Close(); // leaves the group
            }
            catch (Exception ex) when (ex is StreamingException or ObjectDisposedException)
            {
                Log.CommitFailed(_logger, ex, Name);
            }
            _consumer.Dispose();
        }
        _producer?.Dispose(); // aborts a transaction still open
    }

    private void WaitFor(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            Task.Delay(delay, _time, cancellationToken).Wait(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
