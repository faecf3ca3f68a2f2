using Streaming.Hosting.Diagnostics;

namespace Streaming.Hosting.Consumers;

internal sealed partial class ConsumerWorker<TKey, TValue>
{
    private readonly Dictionary<TopicPartition, long> _committed = [];
    private bool _inTransaction;

    private void Commit()
    {
        if (IsExactlyOnce) CommitTransaction();
        else if (Options.DeliveryGuarantee == DeliveryGuarantee.AtLeastOnce) CommitOffsets(_consumer!.Assignment);
    }

    /// <summary>At-least-once: commits, for the partitions, the offset of the first record not yet finished.</summary>
    private void CommitOffsets(IEnumerable<TopicPartition> partitions)
    {
        var processed = _progress.Committable();
        var offsets = new List<TopicPartitionOffset>();
        foreach (var tp in partitions)
        {
            if (processed.TryGetValue(tp, out long next) && (!_committed.TryGetValue(tp, out long last) || last != next))
                offsets.Add(new TopicPartitionOffset(tp, next));
        }
        if (offsets.Count == 0) return;
        try
        {
            _consumer!.Commit(offsets);
            foreach (var o in offsets) _committed[o.TopicPartition] = o.Offset.Value;
        }
        catch (StreamingException ex) when (ex.IsRetriable || ex is CommitFailedException or RebalanceInProgressException)
        {
            Log.CommitFailed(_logger, ex, Name);
        }
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
        var processed = _progress.Committable();
        var offsets = _consumer!.Assignment.Where(processed.ContainsKey).Select(tp => new TopicPartitionOffset(tp, processed[tp])).ToList();
        try
        {
            if (offsets.Count > 0) _producer!.SendOffsetsToTransaction(offsets, _consumer.ConsumerGroupMetadata!, OperationTimeout);
            _producer!.CommitTransaction(OperationTimeout);
            _inTransaction = false;
            foreach (var o in offsets) _committed[o.TopicPartition] = o.Offset.Value;
        }
        catch (StreamingException ex) when (ex is not ProducerFencedException && !ex.IsFatal)
        {
            AbortAndRewind(ex);
        }
    }

    /// <summary>Aborts the open transaction (its records are never visible) and rewinds every partition to its committed offset.</summary>
    private void AbortAndRewind(Exception reason)
    {
        if (!_inTransaction) return;
        Log.TransactionAborted(_logger, reason, Name);
        _producer!.AbortTransaction(OperationTimeout);
        _inTransaction = false;
        var assignment = _consumer!.Assignment;
        _progress.Forget(assignment);
        // Offset.Stored: each partition resumes from its committed offset.
        foreach (var tp in assignment) _consumer.Seek(new TopicPartitionOffset(tp, Offset.Stored));
    }
}
