using System.Diagnostics;
using Streaming.Broker.Log;

namespace Streaming.Broker.InProcess;

internal sealed partial class InProcessProducer<TKey, TValue>
{
    // The next sequence number per partition of an idempotent producer. Only the sender thread touches it: it sends each
    // partition's batches one at a time and in order, so numbering them when they are sent keeps the sequences in order.
    private readonly Dictionary<TopicPartition, int> _sequences = [];
    private long _sequencesProducerId = -1;
    private short _sequencesEpoch = -1;

    /// <summary>
    /// Tests only: called on the sender thread after a batch was appended; returning true makes the producer act as if
    /// the acknowledgement was lost, and send the very same bytes again (as a retry after a timeout would).
    /// </summary>
    internal Func<TopicPartition, bool>? LoseAcknowledgementForTests { get; set; }

    /// <summary>
    /// The sender thread: moves batches whose linger is over (or that are full, or flushed) to the logs, and completes
    /// the deliveries of batches the logs acknowledged. Delivery handlers run here: keep them short.
    /// </summary>
    private void SendLoop()
    {
        var sending = new List<ProducerBatch>();
        var completing = new List<ProducerBatch>();
        while (true)
        {
            lock (_lock)
            {
                while (true)
                {
                    long now = Stopwatch.GetTimestamp();
                    long nextDue = MoveDueBatches(now);
                    if (_ready.Count > 0 || _flushed.Count > 0) break;
                    if (_closing && _open.Count == 0 && _inFlight == 0) return;
                    if (nextDue == long.MaxValue) Monitor.Wait(_lock);
                    else Monitor.Wait(_lock, TimeSpan.FromSeconds(Math.Max(0, nextDue - now) / (double)Stopwatch.Frequency));
                }
                (sending, _ready) = (_ready, sending);
                (completing, _flushed) = (_flushed, completing);
            }

            foreach (var batch in completing) Complete(batch);
            completing.Clear();
            if (_transactional) AddPartitionsToTransaction(sending);
            foreach (var batch in sending)
            {
                if (batch.Error is null) Send(batch);
                else Complete(batch);
            }
            sending.Clear();
        }
    }

    /// <summary>Moves open batches whose linger is over to the ready list; returns when the next one falls due. Under the lock.</summary>
    private long MoveDueBatches(long now)
    {
        long lingerTicks = (long)(_settings.Linger.TotalSeconds * Stopwatch.Frequency);
        bool all = _flushRequests > 0 || _closing || lingerTicks == 0;
        long nextDue = long.MaxValue;
        for (int i = _open.Count - 1; i >= 0; i--)
        {
            var batch = _open[i];
            long due = batch.CreatedTimestamp + lingerTicks;
            if (all || due <= now)
            {
                _open.RemoveAt(i);
                if (_topics.TryGetValue(batch.TopicPartition.Topic, out var state)
                    && batch.TopicPartition.Partition < state.Open.Length
                    && ReferenceEquals(state.Open[batch.TopicPartition.Partition], batch))
                {
                    state.Open[batch.TopicPartition.Partition] = null;
                }
                _ready.Add(batch);
            }
            else if (due < nextDue)
            {
                nextDue = due;
            }
        }
        return nextDue;
    }

    private void Send(ProducerBatch batch)
    {
        try
        {
            int sequence = -1;
            if (_producerId >= 0)
            {
                if (_sequencesProducerId != _producerId || _sequencesEpoch != _producerEpoch)
                {
                    // A new epoch (InitTransactions, or a bump after a timed-out transaction) starts every partition at 0.
                    _sequences.Clear();
                    (_sequencesProducerId, _sequencesEpoch) = (_producerId, _producerEpoch);
                }
                sequence = _sequences.GetValueOrDefault(batch.TopicPartition);
                batch.Builder.SetProducerState(_producerId, _producerEpoch, sequence, _transactional);
            }
            var bytes = batch.Seal();
            var info = batch.Log.Append(bytes);
            if (LoseAcknowledgementForTests is { } loseAck && loseAck(batch.TopicPartition)) info = batch.Log.Append(bytes);
            if (_producerId >= 0) _sequences[batch.TopicPartition] = ProducerStateManager.IncrementSequence(sequence, batch.Builder.Count);
            batch.BaseOffset = info.BaseOffset;
            if (_settings.Acks == Acks.All)
            {
                _broker.Committer.WaitForFlush(batch.Log, info.LastOffset + 1, batch);
                return;
            }
        }
        catch (StreamingException ex)
        {
            batch.Error = ex;
        }
        catch (ObjectDisposedException ex)
        {
            batch.Error = new StorageException($"partition {batch.TopicPartition} is closed: the broker was disposed", ex);
        }
        Complete(batch);
    }

    private void OnBatchFlushed(ProducerBatch batch)
    {
        // Called on the group committer's thread: hand the batch back to the sender rather than run handlers there.
        lock (_lock)
        {
            _flushed.Add(batch);
            Monitor.PulseAll(_lock);
        }
    }

    private void Complete(ProducerBatch batch)
    {
        var status = batch.Error is not null ? PersistenceStatus.NotPersisted
            : _settings.Acks == Acks.None ? PersistenceStatus.PossiblyPersisted
            : PersistenceStatus.Persisted;
        foreach (var delivery in batch.Deliveries)
        {
            var message = (Message<TKey, TValue>)delivery.Message;
            Offset offset = batch.Error is null && _settings.Acks != Acks.None ? batch.BaseOffset + delivery.Index : Offset.Unset;
            switch (delivery.Completion)
            {
                case TaskCompletionSource<DeliveryResult<TKey, TValue>> tcs:
                    if (batch.Error is not null) tcs.TrySetException(batch.Error);
                    else tcs.TrySetResult(new DeliveryResult<TKey, TValue> { Topic = batch.TopicPartition.Topic, Partition = batch.TopicPartition.Partition, Offset = offset, Message = message, Status = status });
                    break;
                case Action<DeliveryReport<TKey, TValue>> handler:
                    var report = new DeliveryReport<TKey, TValue> { Topic = batch.TopicPartition.Topic, Partition = batch.TopicPartition.Partition, Offset = offset, Message = message, Status = status, Error = batch.Error };
                    try
                    {
                        handler(report);
                    }
                    catch (Exception ex)
                    {
                        // A handler that throws must not kill the sender; Kafka's producer logs and goes on as well.
                        Trace.TraceError($"delivery handler of producer {Name} threw: {ex}");
                    }
                    break;
            }
        }
        if (batch.Error is not null && _transactional) OnTransactionalSendFailed(batch.Error);
        if (batch.Error is UnknownTopicOrPartitionException)
        {
            lock (_lock)
            {
                _topics.Remove(batch.TopicPartition.Topic);
                _lastTopic = null;
            }
        }
        lock (_lock)
        {
            _inFlight -= batch.Builder.Count;
            _buffered -= batch.Reserved;
            batch.Deliveries.Clear();
            _pool.Push(batch);
            Monitor.PulseAll(_lock);
        }
    }
}
