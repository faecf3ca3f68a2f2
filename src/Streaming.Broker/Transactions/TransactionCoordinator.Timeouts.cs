namespace Streaming.Broker.Transactions;

/// <summary>Aborting transactions that outlive <c>transaction.timeout.ms</c>, and forgetting idle transactional ids.</summary>
internal sealed partial class TransactionCoordinator
{
    /// <summary>
    /// Aborts every transaction open longer than its timeout, bumping the epoch so the producer that forgot it cannot add
    /// to it later; forgets ids idle for <c>transactional.id.expiration.ms</c>. Returns how many transactions it aborted.
    /// The timer calls it every <see cref="TransactionCoordinatorOptions.TimeoutCheckInterval"/>.
    /// </summary>
    internal int RunTimeouts()
    {
        if (Volatile.Read(ref _disposed) != 0) return 0;
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        int aborted = 0;
        foreach (var metadata in _transactions.Values)
        {
            if (metadata.State == TransactionState.Ongoing && metadata.StartTimestampMs + metadata.TimeoutMs <= now)
            {
                if (!metadata.Gate.Wait(0)) continue; // busy: its owner is acting on it; look again next time
                try
                {
                    if (metadata.State != TransactionState.Ongoing || metadata.StartTimestampMs + metadata.TimeoutMs > now) continue;
                    short timedOut = metadata.ProducerEpoch;
                    BumpEpoch(metadata);
                    metadata.TimedOutEpoch = metadata.ProducerEpoch == 0 ? (short)-1 : timedOut;
                    metadata.State = TransactionState.PrepareAbort;
                    PersistAsync(metadata).GetAwaiter().GetResult();
                    CompleteAsync(metadata, commit: false).GetAwaiter().GetResult();
                    aborted++;
                }
                catch (StreamingException ex)
                {
                    System.Diagnostics.Trace.TraceWarning($"transaction coordinator: aborting the timed-out transaction of '{metadata.TransactionalId}' failed: {ex.Message}");
                }
                finally
                {
                    metadata.Gate.Release();
                }
            }
            else if (metadata.State is TransactionState.Empty or TransactionState.CompleteCommit or TransactionState.CompleteAbort
                     && metadata.LastUpdateTimestampMs + (long)_options.TransactionalIdExpiration.TotalMilliseconds <= now)
            {
                ExpireId(metadata);
            }
        }
        return aborted;
    }

    private void ExpireId(TransactionMetadata metadata)
    {
        if (!metadata.Gate.Wait(0)) return;
        try
        {
            _topic.WriteAsync(_topic.PartitionFor(metadata.TransactionalId), [(TransactionLogRecords.EncodeKey(metadata.TransactionalId), null)])
                .GetAwaiter().GetResult();
            _transactions.TryRemove(metadata.TransactionalId, out _);
        }
        catch (StreamingException ex)
        {
            System.Diagnostics.Trace.TraceWarning($"transaction coordinator: expiring transactional.id '{metadata.TransactionalId}' failed: {ex.Message}");
        }
        finally
        {
            metadata.Gate.Release();
        }
    }
}
