using System.Diagnostics;
using Streaming.Kafka.Configuration;
using Streaming.Kafka.Errors;
using Streaming.Kafka.Internal;
using CK = Confluent.Kafka;

namespace Streaming.Kafka.Producer;

/// <summary>
/// Transactions through librdkafka's transactional producer. librdkafka runs the state machine; the transport checks the
/// calls' order first so that misuse fails with the same <see cref="InvalidTxnStateException"/> messages as on every
/// transport, and maps librdkafka's outcome (abortable, fenced, timed out) to the framework's exceptions.
/// </summary>
internal sealed partial class KafkaProducer<TKey, TValue>
{
    private readonly GroupMetadataRegistry _groupMetadata;
    private readonly Dictionary<string, CK.IConsumerGroupMetadata> _groupOnlyMetadata = new(StringComparer.Ordinal);
    private volatile bool _initialized;
    private volatile bool _inTransaction;

    private string TransactionalId => _settings.TransactionalId
        ?? throw new InvalidTxnStateException($"producer {Name} has no 'transactional.id': transactions need a transactional producer");

    private void ThrowUnlessInTransaction()
    {
        if (_inTransaction) return;
        if (!_initialized) throw new InvalidTxnStateException($"transactional producer '{TransactionalId}' cannot produce before InitTransactions");
        throw new InvalidTxnStateException($"transactional producer '{TransactionalId}' can only produce inside a transaction: call BeginTransaction first");
    }

    public void InitTransactions(TimeSpan timeout)
    {
        ThrowIfDisposed();
        string id = TransactionalId;
        if (_initialized) throw new InvalidTxnStateException($"InitTransactions was already called on transactional producer '{id}'");
        Transact(() => _producer.InitTransactions(timeout), "InitTransactions");
        _initialized = true;
    }

    public void BeginTransaction()
    {
        ThrowIfDisposed();
        string id = TransactionalId;
        if (!_initialized) throw new InvalidTxnStateException($"call InitTransactions before BeginTransaction on transactional producer '{id}'");
        if (_inTransaction) throw new InvalidTxnStateException($"transactional producer '{id}' already has an open transaction: commit or abort it first");
        Transact(_producer.BeginTransaction, "BeginTransaction");
        _inTransaction = true;
    }

    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, ConsumerGroupMetadata groupMetadata, TimeSpan timeout)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(groupMetadata);
        string id = TransactionalId;
        var list = offsets.Select(o => o.Offset.Value >= 0
                ? o.ToConfluent()
                : throw new ArgumentOutOfRangeException(nameof(offsets), o.Offset.Value, $"the offset sent for {o.TopicPartition} must be a concrete, non-negative offset"))
            .ToList();
        if (!_inTransaction)
        {
            ThrowUnlessInTransaction();
        }
        if (list.Count == 0) return;
        var confluent = ResolveGroupMetadata(groupMetadata);
        try
        {
            _producer.SendOffsetsToTransaction(list, confluent, timeout);
        }
        catch (CK.KafkaException ex) when (ex.Error.Code is CK.ErrorCode.IllegalGeneration or CK.ErrorCode.UnknownMemberId or CK.ErrorCode.FencedInstanceId)
        {
            throw new CommitFailedException($"the offsets of group '{groupMetadata.GroupId}' were refused: the group rebalanced (generation {groupMetadata.GenerationId} " +
                $"is stale) and the partitions may belong to another member; abort the transaction ({KafkaErrorMapper.Describe(ex.Error)})", ex);
        }
        catch (CK.KafkaException ex)
        {
            throw MapTransactionError(ex, "SendOffsetsToTransaction");
        }
    }

    /// <summary>
    /// The Confluent.Kafka metadata for <paramref name="metadata"/>: the one a consumer of this transport handed out with
    /// it, or — for a group without membership (<see cref="ConsumerGroupMetadata.ForGroup"/>) — one made by a consumer of
    /// that group that never joins it.
    /// </summary>
    private CK.IConsumerGroupMetadata ResolveGroupMetadata(ConsumerGroupMetadata metadata)
    {
        if (_groupMetadata.TryGet(metadata, out var confluent)) return confluent;
        if (metadata.GenerationId < 0 && metadata.MemberId.Length == 0 && metadata.GroupInstanceId is null)
        {
            lock (_groupOnlyMetadata)
            {
                if (!_groupOnlyMetadata.TryGetValue(metadata.GroupId, out confluent!))
                {
                    var config = KafkaConfigMapper.ToConsumer(_options, new ConsumerConfig { GroupId = metadata.GroupId }, []).Librdkafka;
                    using var consumer = ConfluentClients.Build(() => new CK.ConsumerBuilder<CK.Ignore, CK.Ignore>(config)
                        .SetLogHandler((_, message) => ConfluentClients.Log(message)).Build(), $"group metadata of '{metadata.GroupId}'");
                    confluent = consumer.ConsumerGroupMetadata;
                    consumer.Close();
                    _groupOnlyMetadata[metadata.GroupId] = confluent;
                }
                return confluent;
            }
        }
        throw new CommitFailedException($"the group metadata of member '{metadata.MemberId}' (generation {metadata.GenerationId}) of group '{metadata.GroupId}' did not come " +
            "from a consumer of this Kafka transport as it is now (it was changed or is from another transport): pass consumer.ConsumerGroupMetadata as returned, " +
            "or ConsumerGroupMetadata.ForGroup for a consumer without membership; abort the transaction");
    }

    private void DisposeGroupOnlyMetadata()
    {
        lock (_groupOnlyMetadata) _groupOnlyMetadata.Clear();
    }

    public void CommitTransaction() => CommitTransaction(Timeout.InfiniteTimeSpan);

    public void CommitTransaction(TimeSpan timeout)
    {
        ThrowIfDisposed();
        string id = TransactionalId;
        if (!_inTransaction) throw new InvalidTxnStateException($"transactional producer '{id}' has no open transaction to commit: call BeginTransaction first");
        if (timeout == Timeout.InfiniteTimeSpan) Transact(_producer.CommitTransaction, "CommitTransaction");
        else Transact(() => _producer.CommitTransaction(timeout), "CommitTransaction");
        _inTransaction = false;
    }

    public void AbortTransaction() => AbortTransaction(Timeout.InfiniteTimeSpan);

    public void AbortTransaction(TimeSpan timeout)
    {
        ThrowIfDisposed();
        string id = TransactionalId;
        if (!_inTransaction) throw new InvalidTxnStateException($"transactional producer '{id}' has no open transaction to abort");
        if (timeout == Timeout.InfiniteTimeSpan) Transact(_producer.AbortTransaction, "AbortTransaction");
        else Transact(() => _producer.AbortTransaction(timeout), "AbortTransaction");
        _inTransaction = false;
    }

    private void Transact(Action action, string operation)
    {
        try
        {
            action();
        }
        catch (CK.KafkaException ex)
        {
            throw MapTransactionError(ex, operation);
        }
    }

    /// <summary>librdkafka's transaction outcome as the framework's: abort it, give up (fenced), or call again (timed out).</summary>
    private StreamingException MapTransactionError(CK.KafkaException ex, string operation)
    {
        string id = _settings.TransactionalId ?? Name;
        var error = ex.Error;
        if (error.Code is CK.ErrorCode.Local_Fenced or CK.ErrorCode.ProducerFenced or CK.ErrorCode.TransactionCoordinatorFenced
            || (error.IsFatal && error.Code == CK.ErrorCode.InvalidProducerEpoch))
        {
            return new ProducerFencedException($"{operation}: transactional producer '{id}' was fenced: another instance with the same transactional.id " +
                $"took over; dispose this one ({KafkaErrorMapper.Describe(error)})", ex);
        }
        if (ex is CK.KafkaTxnRequiresAbortException)
            return new TransactionAbortableException($"{operation}: the transaction of '{id}' failed and must be aborted ({KafkaErrorMapper.Describe(error)})", ex);
        if (ex is CK.KafkaRetriableException || error.Code is CK.ErrorCode.Local_TimedOut)
            return new TimeoutException($"{operation} of '{id}' timed out or failed for now; call it again ({KafkaErrorMapper.Describe(error)})", ex);
        if (error.Code == CK.ErrorCode.Local_State)
            return new InvalidTxnStateException($"{operation}: transactional producer '{id}' is not in a state for it ({KafkaErrorMapper.Describe(error)})", ex);
        return KafkaErrorMapper.Map(error, $"{operation} of '{id}' failed", ex);
    }

    /// <summary>Best effort on Dispose: an open transaction is aborted so read_committed readers need not wait for its timeout.</summary>
    private void AbortOnClose()
    {
        if (!_inTransaction) return;
        try
        {
            AbortTransaction(TimeSpan.FromSeconds(30));
        }
        catch (StreamingException ex)
        {
            Trace.TraceWarning($"producer {Name}: aborting the open transaction on close failed: {ex.Message}");
        }
    }
}
