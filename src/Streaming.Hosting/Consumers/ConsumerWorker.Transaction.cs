using Streaming.Hosting.Diagnostics;

namespace Streaming.Hosting.Consumers;

/// <summary>
/// Exactly-once: one transaction spans the in-flight records of every owned partition. A failed transaction (refused
/// commit, abortable send error) is aborted and the partitions rewind to their committed offsets; a fenced producer is
/// replaced by a new one, whose InitTransactions fences the other instance in turn, unless that keeps happening.
/// </summary>
internal sealed partial class ConsumerWorker<TKey, TValue>
{
    private bool _inTransaction;
    private int _fencings;
    private StreamingException? _transactionFailure;

    private string TransactionalId => Options.TransactionalId ?? $"{GroupId}.{Name}.exactly-once";

    /// <summary>Set by a lane whose send into the transaction failed: the poll loop recovers, the lanes start nothing new.</summary>
    private StreamingException? TransactionFailure => Volatile.Read(ref _transactionFailure);

    /// <summary>Whether <paramref name="error"/> (from the transactional producer) dooms the open transaction.</summary>
    private static bool IsTransactionError(StreamingException error)
        => error is ProducerFencedException or TransactionAbortableException or InvalidProducerEpochException or TransactionAbortedException;

    private void FailTransaction(StreamingException error)
    {
        Interlocked.CompareExchange(ref _transactionFailure, error, null);
        _progress.Signal();
    }

    private void BeginTransactionIfNeeded()
    {
        if (_inTransaction) return;
        _producer!.BeginTransaction();
        _inTransaction = true;
    }

    /// <summary>
    /// Exactly-once: waits until every record handed out has finished (retries and dead-lettering included, so a retrying
    /// partition delays this commit by at most its pipeline's budget), then commits the records produced and the offsets
    /// of every owned partition in one transaction.
    /// </summary>
    private void CommitTransaction()
    {
        if (!_inTransaction) return;
        if (!_progress.WaitIdle(_hardStop.Token)) return; // shutdown timed out: the producer's disposal aborts
        if (TransactionFailure is { } failure)
        {
            // Stopping: the producer's disposal aborts; a new producer now would only fence whoever took over.
            if (!_stopping) RecoverTransaction(failure);
            return;
        }
        var processed = _progress.Committable();
        var offsets = _consumer!.Assignment.Where(processed.ContainsKey).Select(tp => new TopicPartitionOffset(tp, processed[tp])).ToList();
        try
        {
            if (offsets.Count > 0) _producer!.SendOffsetsToTransaction(offsets, _consumer.ConsumerGroupMetadata!, OperationTimeout);
            _producer!.CommitTransaction(OperationTimeout);
            _inTransaction = false;
            _fencings = 0;
            foreach (var o in offsets) _committed[o.TopicPartition] = o.Offset.Value;
        }
        catch (ProducerFencedException ex) when (!_stopping)
        {
            RecoverTransaction(ex);
        }
        catch (StreamingException ex) when (ex is not ProducerFencedException && !ex.IsFatal)
        {
            AbortAndRewind(ex);
        }
    }

    /// <summary>On the poll thread: lets the lanes drain (they start nothing new), then aborts or replaces the producer and rewinds.</summary>
    private void RecoverTransaction(StreamingException failure)
    {
        _progress.WaitIdle(_hardStop.Token);
        if (failure is ProducerFencedException fenced) ReplaceFencedProducer(fenced);
        else AbortAndRewind(failure);
        Volatile.Write(ref _transactionFailure, null);
    }

    /// <summary>Aborts the open transaction (its records are never visible) and rewinds every partition to its committed offset.</summary>
    private void AbortAndRewind(Exception reason)
    {
        if (!_inTransaction) return;
        Log.TransactionAborted(_logger, reason, Name);
        try
        {
            _producer!.AbortTransaction(OperationTimeout);
        }
        catch (ProducerFencedException fenced)
        {
            ReplaceFencedProducer(fenced);
            return;
        }
        _inTransaction = false;
        Rewind();
    }

    /// <summary>
    /// Another producer with our transactional.id took over (and aborted our transaction): start over from the committed
    /// offsets with a new producer, which fences that one in turn — unless this happened
    /// <see cref="ConsumerHandlerOptions.MaxConsecutiveFencings"/> times without a commit in between.
    /// </summary>
    private void ReplaceFencedProducer(ProducerFencedException fenced)
    {
        if (++_fencings > Options.MaxConsecutiveFencings)
        {
            throw new ProducerFencedException(
                $"consumer '{Name}': producer '{TransactionalId}' was fenced {_fencings} times in a row without a commit in between: another instance uses the same transactional.id",
                fenced);
        }
        Log.ProducerFenced(_logger, fenced, Name, TransactionalId, _fencings);
        _producer!.Dispose();
        _inTransaction = false;
        Rewind();
        _producer = CreateProducer();
    }

    private void Rewind()
    {
        var assignment = _consumer!.Assignment;
        _progress.Forget(assignment);
        // Offset.Stored: each partition resumes from its committed offset.
        foreach (var tp in assignment) _consumer.Seek(new TopicPartitionOffset(tp, Offset.Stored));
    }
}
