using System.Diagnostics;
using Streaming.Broker.Groups;

namespace Streaming.Broker.InProcess;

/// <summary>
/// The transactional producer (KIP-98): its state machine, the partitions and offsets it adds to the coordinator, and
/// commit/abort. Only one thread drives a transaction, as with Kafka's producer; the sender thread adds partitions.
/// </summary>
internal sealed partial class InProcessProducer<TKey, TValue>
{
    private enum TransactionPhase
    {
        Uninitialized,
        Ready,
        InTransaction,
        AbortableError,
        Fatal,
    }

    private bool _transactional => _settings.TransactionalId is not null;

    private TransactionPhase _phase;
    private StreamingException? _transactionError;
    private readonly HashSet<TopicPartition> _transactionPartitions = [];
    private readonly HashSet<string> _transactionGroups = new(StringComparer.Ordinal);

    private string TransactionalId => _settings.TransactionalId
        ?? throw new InvalidTxnStateException($"producer {Name} has no 'transactional.id': transactions need a transactional producer");

    /// <summary>Under the lock: produce is allowed only inside a transaction.</summary>
    private void ThrowUnlessInTransaction()
    {
        switch (_phase)
        {
            case TransactionPhase.InTransaction:
                return;
            case TransactionPhase.Fatal:
                throw _transactionError!;
            case TransactionPhase.AbortableError:
                throw new TransactionAbortableException($"the transaction of '{TransactionalId}' failed and must be aborted: {_transactionError!.Message}", _transactionError);
            case TransactionPhase.Uninitialized:
                throw new InvalidTxnStateException($"transactional producer '{TransactionalId}' cannot produce before InitTransactions");
            default:
                throw new InvalidTxnStateException($"transactional producer '{TransactionalId}' can only produce inside a transaction: call BeginTransaction first");
        }
    }

    public void InitTransactions(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        string id = TransactionalId;
        lock (_lock)
        {
            if (_phase == TransactionPhase.Fatal) throw _transactionError!;
            if (_phase != TransactionPhase.Uninitialized)
                throw new InvalidTxnStateException($"InitTransactions was already called on transactional producer '{id}'");
        }
        var (producerId, epoch) = Run(_broker.Transactions.InitProducerIdAsync(id, _settings.TransactionTimeoutMs), timeout, "InitTransactions");
        lock (_lock)
        {
            _producerId = producerId;
            _producerEpoch = epoch;
            _phase = TransactionPhase.Ready;
        }
    }

    public void BeginTransaction()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        string id = TransactionalId;
        lock (_lock)
        {
            switch (_phase)
            {
                case TransactionPhase.Ready:
                    _phase = TransactionPhase.InTransaction;
                    _transactionError = null;
                    _transactionPartitions.Clear();
                    _transactionGroups.Clear();
                    return;
                case TransactionPhase.Uninitialized:
                    throw new InvalidTxnStateException($"call InitTransactions before BeginTransaction on transactional producer '{id}'");
                case TransactionPhase.Fatal:
                    throw _transactionError!;
                default:
                    throw new InvalidTxnStateException($"transactional producer '{id}' already has an open transaction: commit or abort it first");
            }
        }
    }

    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, ConsumerGroupMetadata groupMetadata, TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(groupMetadata);
        string id = TransactionalId;
        var list = offsets.Select(o => o.Offset.Value >= 0
                ? (o.TopicPartition, o.Offset.Value, (string?)null)
                : throw new ArgumentOutOfRangeException(nameof(offsets), o.Offset.Value, $"the offset sent for {o.TopicPartition} must be a concrete, non-negative offset"))
            .ToArray();
        long producerId;
        short epoch;
        lock (_lock)
        {
            ThrowUnlessInTransaction();
            producerId = _producerId;
            epoch = _producerEpoch;
        }
        if (list.Length == 0) return;
        try
        {
            if (!_transactionGroups.Contains(groupMetadata.GroupId))
            {
                Run(_broker.Transactions.AddOffsetsAsync(id, producerId, epoch, groupMetadata.GroupId), timeout, "SendOffsetsToTransaction");
                _transactionGroups.Add(groupMetadata.GroupId);
            }
            Run(_broker.Transactions.CommitOffsetsAsync(id, producerId, epoch, groupMetadata.GroupId, groupMetadata.GenerationId,
                groupMetadata.MemberId, groupMetadata.GroupInstanceId, list), timeout, "SendOffsetsToTransaction");
        }
        catch (GroupMembershipException ex) when (ex.Code is ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId or ErrorCode.FencedInstanceId)
        {
            var failed = new CommitFailedException($"the offsets of group '{groupMetadata.GroupId}' were refused: the group rebalanced (generation {groupMetadata.GenerationId} is stale) and the partitions may belong to another member; abort the transaction", ex);
            FailTransaction(failed);
            throw failed;
        }
        catch (StreamingException ex) when (ex is not TimeoutException)
        {
            FailTransaction(ex);
            throw;
        }
    }

    public void CommitTransaction() => CommitTransaction(Timeout.InfiniteTimeSpan);

    public void CommitTransaction(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        string id = TransactionalId;
        lock (_lock)
        {
            if (_phase == TransactionPhase.AbortableError)
                throw new TransactionAbortableException($"transaction of '{id}' cannot commit: {_transactionError!.Message}; abort it", _transactionError);
            if (_phase == TransactionPhase.Fatal) throw _transactionError!;
            if (_phase != TransactionPhase.InTransaction)
                throw new InvalidTxnStateException($"transactional producer '{id}' has no open transaction to commit: call BeginTransaction first");
        }
        long deadline = Deadline(timeout);
        if (FlushCore(Remaining(deadline), CancellationToken.None) > 0)
            throw new TimeoutException($"CommitTransaction of '{id}' timed out after {timeout.TotalMilliseconds} ms waiting for its records to be acknowledged; call it again or abort");
        bool known;
        lock (_lock)
        {
            if (_phase == TransactionPhase.AbortableError)
                throw new TransactionAbortableException($"transaction of '{id}' cannot commit: {_transactionError!.Message}; abort it", _transactionError);
            if (_phase == TransactionPhase.Fatal) throw _transactionError!;
            known = _transactionPartitions.Count > 0 || _transactionGroups.Count > 0;
        }
        if (known)
        {
            try
            {
                Run(_broker.Transactions.EndTransactionAsync(id, _producerId, _producerEpoch, commit: true), Remaining(deadline), "CommitTransaction");
            }
            catch (StreamingException ex) when (ex is not TimeoutException)
            {
                FailTransaction(ex);
                if (ex is ProducerFencedException) throw;
                throw new TransactionAbortableException($"transaction of '{id}' could not commit: {ex.Message}; abort it", ex);
            }
        }
        lock (_lock) _phase = TransactionPhase.Ready;
    }

    public void AbortTransaction() => AbortTransaction(Timeout.InfiniteTimeSpan);

    public void AbortTransaction(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        string id = TransactionalId;
        lock (_lock)
        {
            if (_phase == TransactionPhase.Fatal) throw _transactionError!;
            if (_phase is not (TransactionPhase.InTransaction or TransactionPhase.AbortableError))
                throw new InvalidTxnStateException($"transactional producer '{id}' has no open transaction to abort");
        }
        long deadline = Deadline(timeout);
        DropUnsentBatches();
        if (FlushCore(Remaining(deadline), CancellationToken.None) > 0)
            throw new TimeoutException($"AbortTransaction of '{id}' timed out after {timeout.TotalMilliseconds} ms waiting for records in flight; call it again");
        bool known;
        lock (_lock) known = _transactionPartitions.Count > 0 || _transactionGroups.Count > 0;
        try
        {
            if (known) Run(_broker.Transactions.EndTransactionAsync(id, _producerId, _producerEpoch, commit: false), Remaining(deadline), "AbortTransaction");
        }
        catch (InvalidProducerEpochException)
        {
            // The coordinator aborted the transaction already, for its timeout, and bumped the epoch: take the new epoch
            // (KIP-588) and go on; another instance that took over makes this fail with ProducerFenced instead.
            try
            {
                var (producerId, epoch) = Run(_broker.Transactions.InitProducerIdAsync(id, _settings.TransactionTimeoutMs, _producerId, _producerEpoch),
                    Remaining(deadline), "AbortTransaction");
                lock (_lock) (_producerId, _producerEpoch) = (producerId, epoch);
            }
            catch (ProducerFencedException ex)
            {
                FailTransaction(ex);
                throw;
            }
        }
        catch (ProducerFencedException ex)
        {
            FailTransaction(ex);
            throw;
        }
        lock (_lock)
        {
            _phase = TransactionPhase.Ready;
            _transactionError = null;
        }
    }

    /// <summary>Called on the sender thread before sending: partitions new to the transaction are added at the coordinator first.</summary>
    private void AddPartitionsToTransaction(List<ProducerBatch> sending)
    {
        List<TopicPartition>? added = null;
        lock (_lock)
        {
            foreach (var batch in sending)
            {
                if (_phase != TransactionPhase.InTransaction)
                {
                    // Aborted or failed meanwhile: nothing more of this transaction may be written.
                    batch.Error ??= _transactionError ?? new TransactionAbortedException($"the transaction of '{_settings.TransactionalId}' is no longer open");
                    continue;
                }
                if (!_transactionPartitions.Contains(batch.TopicPartition) && !(added?.Contains(batch.TopicPartition) ?? false))
                    (added ??= []).Add(batch.TopicPartition);
            }
        }
        if (added is null) return;
        try
        {
            _broker.Transactions.AddPartitionsAsync(_settings.TransactionalId!, _producerId, _producerEpoch, added).GetAwaiter().GetResult();
            lock (_lock) _transactionPartitions.UnionWith(added);
        }
        catch (StreamingException ex)
        {
            foreach (var batch in sending)
                if (added.Contains(batch.TopicPartition)) batch.Error ??= ex;
        }
    }

    /// <summary>A record of the transaction failed: the transaction can only abort now (or nothing more, when fenced).</summary>
    private void OnTransactionalSendFailed(StreamingException error)
    {
        if (error is TransactionAbortedException) return;
        if (error is InvalidProducerEpochException)
        {
            // The partition saw a newer epoch. The coordinator knows why: fenced by a new instance (fatal) or the
            // transaction timed out (abortable: AbortTransaction takes a new epoch and the producer goes on).
            var why = _broker.Transactions.WhyStale(_settings.TransactionalId!, _producerId, _producerEpoch);
            error = why as ProducerFencedException
                    ?? (StreamingException)new TransactionAbortableException($"a record of the transaction was refused: {(why ?? error).Message}", why ?? error);
        }
        FailTransaction(error);
    }

    private void FailTransaction(StreamingException error)
    {
        lock (_lock)
        {
            if (_phase == TransactionPhase.Fatal) return;
            _transactionError = error;
            _phase = error is ProducerFencedException || error.IsFatal ? TransactionPhase.Fatal : TransactionPhase.AbortableError;
        }
    }

    /// <summary>Fails the records of batches not yet handed to the sender: an aborted transaction never writes them.</summary>
    private void DropUnsentBatches()
    {
        List<ProducerBatch> dropped;
        lock (_lock)
        {
            dropped = [.. _open, .. _ready];
            _open.Clear();
            _ready.Clear();
            foreach (var state in _topics.Values)
                for (int i = 0; i < state.Open.Length; i++) state.Open[i] = null;
            _phase = TransactionPhase.AbortableError;
            _transactionError ??= new TransactionAbortedException($"the transaction of '{_settings.TransactionalId}' is being aborted");
        }
        var error = new TransactionAbortedException($"the record was not sent: the transaction of '{_settings.TransactionalId}' was aborted");
        foreach (var batch in dropped)
        {
            batch.Error = error;
            Complete(batch);
        }
    }

    private bool _abandonTransaction;

    /// <summary>Tests only: Dispose leaves the open transaction open, as a crashed process would.</summary>
    internal void AbandonTransactionForTests() => _abandonTransaction = true;

    /// <summary>Best effort on Dispose: an open transaction is aborted so read_committed readers need not wait for its timeout.</summary>
    private void AbortOnClose()
    {
        if (_abandonTransaction) return;
        bool open;
        lock (_lock) open = _phase is TransactionPhase.InTransaction or TransactionPhase.AbortableError;
        if (!open || _broker.IsDisposed) return;
        try
        {
            AbortTransaction(TimeSpan.FromSeconds(30));
        }
        catch (StreamingException ex)
        {
            Trace.TraceWarning($"producer {Name}: aborting the open transaction on close failed: {ex.Message}");
        }
    }

    private static long Deadline(TimeSpan timeout)
        => timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);

    private static TimeSpan Remaining(long deadline)
        => deadline == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

    private static T Run<T>(Task<T> task, TimeSpan timeout, string operation)
    {
        Run((Task)task, timeout, operation);
        return task.Result;
    }

    /// <summary>Waits for a coordinator call; its exception is rethrown as is (Task.Wait alone would wrap it in an AggregateException).</summary>
    private static void Run(Task task, TimeSpan timeout, string operation)
    {
        bool completed;
        try
        {
            completed = task.Wait(timeout);
        }
        catch (AggregateException)
        {
            completed = true; // faulted: rethrown below as the original exception
        }
        if (!completed) throw new TimeoutException($"{operation} timed out after {timeout.TotalMilliseconds} ms");
        task.GetAwaiter().GetResult();
    }
}
