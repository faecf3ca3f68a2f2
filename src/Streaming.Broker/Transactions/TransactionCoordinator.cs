using System.Collections.Concurrent;
using Streaming.Broker.Groups;
using Streaming.Broker.Internal;
using Streaming.Broker.Log;
using Streaming.Broker.Producers;
using Streaming.Broker.Topics;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Transactions;

/// <summary>
/// The transaction coordinator (KIP-98): maps each <c>transactional.id</c> to a producer id and epoch, fences older
/// instances by bumping the epoch, tracks the partitions of the open transaction, and ends it in two phases — the
/// decision (PrepareCommit/PrepareAbort) made durable in <c>__transaction_state</c> first, then a marker written to every
/// partition of the transaction, then CompleteCommit/CompleteAbort. A decision found without its markers after a crash is
/// carried out when the broker starts; a transaction left open past its timeout is aborted.
/// </summary>
internal sealed partial class TransactionCoordinator : IDisposable
{
    public const string TopicName = "__transaction_state";

    /// <summary>The coordinator epoch written in markers; one broker, one coordinator, so it never changes.</summary>
    private const int CoordinatorEpoch = 0;

    private readonly ConcurrentDictionary<string, TransactionMetadata> _transactions = new(StringComparer.Ordinal);
    private readonly TransactionCoordinatorOptions _options;
    private readonly TopicManager _topics;
    private readonly GroupCommitter _committer;
    private readonly OffsetStore _offsets;
    private readonly GroupCoordinator _groups;
    private readonly ProducerIdManager _producerIds;
    private readonly TimeProvider _time;
    private readonly InternalTopic _topic;
    private readonly ITimer _timer;
    private int _disposed;

    public TransactionCoordinator(TransactionCoordinatorOptions options, TopicManager topics, GroupCommitter committer, GroupCoordinator groups,
        ProducerIdManager producerIds, TimeProvider time)
    {
        _options = options;
        _topics = topics;
        _committer = committer;
        _groups = groups;
        _offsets = groups.Offsets;
        _producerIds = producerIds;
        _time = time;
        _topic = new InternalTopic(topics, committer, time, TopicName, options.StateTopicPartitions, TopicConfigs);
        _topic.Replay(Load);
        CompleteInterruptedTransactions();
        _timer = time.CreateTimer(static s => ((TransactionCoordinator)s!).RunTimeouts(), this, options.TimeoutCheckInterval, options.TimeoutCheckInterval);
    }

    /// <summary>Configs of the transaction state topic, as Kafka's broker sets them.</summary>
    public static IReadOnlyDictionary<string, string> TopicConfigs { get; } = new Dictionary<string, string>
    {
        ["cleanup.policy"] = "compact",
        ["segment.bytes"] = "104857600",
    };

    /// <summary>Tests only: called after a commit or abort decision is durable and before any marker is written.</summary>
    internal Action<string>? AfterPrepareForTests { get; set; }

    private void Load(int partition, in RecordBatchHeader header, ReadOnlySpan<byte> records, long fromOffset)
    {
        if (header.IsControl) return;
        var reader = new RecordReader(header, records);
        while (reader.TryRead(out var record))
        {
            if (record.Offset < fromOffset || !TransactionLogRecords.TryDecodeKey(record.Key, out var id)) continue;
            if (record.ValueIsNull) _transactions.TryRemove(id, out _);
            else if (TransactionLogRecords.TryDecodeValue(id, record.Value, out var metadata)) _transactions[id] = metadata;
        }
    }

    /// <summary>Carries out the decisions a crash interrupted: their markers are written (again) and the state completed.</summary>
    private void CompleteInterruptedTransactions()
    {
        foreach (var metadata in _transactions.Values)
        {
            if (metadata.State is TransactionState.PrepareCommit or TransactionState.PrepareAbort)
                CompleteAsync(metadata, metadata.State == TransactionState.PrepareCommit).GetAwaiter().GetResult();
        }
    }

    /// <summary>The current state of a transactional id (tests, diagnostics, admin): null when unknown.</summary>
    internal (long ProducerId, short Epoch, TransactionState State, TopicPartition[] Partitions)? Describe(string transactionalId)
    {
        if (!_transactions.TryGetValue(transactionalId, out var m)) return null;
        m.Gate.Wait();
        try
        {
            return (m.ProducerId, m.ProducerEpoch, m.State, [.. m.Partitions]);
        }
        finally
        {
            m.Gate.Release();
        }
    }

    /// <summary>
    /// InitProducerId for a transactional id: a new id gets a producer id with epoch 0; a known one gets its epoch bumped,
    /// which fences every older instance, and its open transaction is aborted first. With
    /// <paramref name="expectedProducerId"/> (KIP-588), the producer that holds the id bumps its own epoch — allowed only
    /// when it still holds it (or its transaction was just aborted by the timeout).
    /// </summary>
    /// <exception cref="InvalidConfigurationException">The transactional id is empty.</exception>
    /// <exception cref="InvalidTransactionTimeoutException">The timeout is not positive or exceeds the broker's maximum.</exception>
    /// <exception cref="ProducerFencedException">The expected producer id and epoch are no longer the id's.</exception>
    public async Task<(long ProducerId, short Epoch)> InitProducerIdAsync(string transactionalId, int timeoutMs,
        long expectedProducerId = -1, short expectedEpoch = -1)
    {
        ThrowIfDisposed();
        ValidateId(transactionalId);
        if (timeoutMs <= 0 || timeoutMs > _options.MaxTimeout.TotalMilliseconds)
            throw new InvalidTransactionTimeoutException($"transaction.timeout.ms is {timeoutMs}: it must be positive and at most the broker's transaction.max.timeout.ms ({(long)_options.MaxTimeout.TotalMilliseconds})");
        TransactionMetadata metadata;
        while (true)
        {
            metadata = _transactions.GetOrAdd(transactionalId, static id => new TransactionMetadata(id, -1, -1, 0));
            await metadata.Gate.WaitAsync().ConfigureAwait(false);
            // Expiry may have removed it while this call waited: start again with the id's current entry.
            if (_transactions.TryGetValue(transactionalId, out var current) && ReferenceEquals(current, metadata)) break;
            metadata.Gate.Release();
        }
        try
        {
            if (metadata.ProducerId < 0)
            {
                metadata.ProducerId = _producerIds.NextId();
                metadata.ProducerEpoch = 0;
            }
            else
            {
                if (expectedProducerId >= 0
                    && (expectedProducerId != metadata.ProducerId || (expectedEpoch != metadata.ProducerEpoch && expectedEpoch != metadata.TimedOutEpoch)))
                {
                    throw new ProducerFencedException($"transactional.id '{transactionalId}' now belongs to producer {metadata.ProducerId} epoch {metadata.ProducerEpoch}, not to producer {expectedProducerId} epoch {expectedEpoch}: another instance took over");
                }
                if (metadata.State == TransactionState.Ongoing)
                {
                    // Fence first, then abort with the new epoch: its markers make every partition refuse the old epoch.
                    BumpEpoch(metadata);
                    metadata.State = TransactionState.PrepareAbort;
                    await PersistAsync(metadata).ConfigureAwait(false);
                    await CompleteAsync(metadata, commit: false).ConfigureAwait(false);
                }
                else if (metadata.State is TransactionState.PrepareCommit or TransactionState.PrepareAbort)
                {
                    await CompleteAsync(metadata, metadata.State == TransactionState.PrepareCommit).ConfigureAwait(false);
                    BumpEpoch(metadata);
                }
                else
                {
                    BumpEpoch(metadata);
                }
            }
            metadata.TimeoutMs = timeoutMs;
            metadata.State = TransactionState.Empty;
            metadata.Partitions.Clear();
            metadata.StartTimestampMs = -1;
            metadata.TimedOutEpoch = -1;
            metadata.LastUpdateTimestampMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            await PersistAsync(metadata).ConfigureAwait(false);
            return (metadata.ProducerId, metadata.ProducerEpoch);
        }
        finally
        {
            metadata.Gate.Release();
        }
    }

    /// <summary>A new epoch for the id; when the epoch space is used up, a new producer id with epoch 0 (as Kafka does).</summary>
    private void BumpEpoch(TransactionMetadata metadata)
    {
        if (metadata.ProducerEpoch >= short.MaxValue - 1)
        {
            metadata.ProducerId = _producerIds.NextId();
            metadata.ProducerEpoch = 0;
        }
        else
        {
            metadata.ProducerEpoch++;
        }
    }

    /// <summary>
    /// AddPartitionsToTxn: the partitions join the producer's transaction (which begins with the first of them). Durable
    /// before it returns, so a crash never forgets a partition that may hold the transaction's records.
    /// </summary>
    public async Task AddPartitionsAsync(string transactionalId, long producerId, short producerEpoch, IReadOnlyCollection<TopicPartition> partitions)
    {
        ThrowIfDisposed();
        var metadata = Find(transactionalId, producerId);
        await metadata.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            CheckProducer(metadata, producerId, producerEpoch);
            if (metadata.State is TransactionState.PrepareCommit or TransactionState.PrepareAbort)
                throw new ConcurrentTransactionsException($"transactional.id '{transactionalId}' is still completing its previous transaction; retry");
            bool added = false;
            foreach (var tp in partitions)
            {
                if (metadata.Partitions.Contains(tp)) continue;
                if (!_topics.TryGet(tp.Topic, out var topic) || tp.Partition < 0 || tp.Partition >= topic.Partitions.Length)
                    throw new UnknownTopicOrPartitionException($"cannot add {tp} to the transaction of '{transactionalId}': no such partition");
                added = true;
            }
            if (!added && metadata.State == TransactionState.Ongoing) return;
            long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (metadata.State != TransactionState.Ongoing)
            {
                metadata.State = TransactionState.Ongoing;
                metadata.StartTimestampMs = now;
            }
            foreach (var tp in partitions) metadata.Partitions.Add(tp);
            metadata.LastUpdateTimestampMs = now;
            await PersistAsync(metadata).ConfigureAwait(false);
        }
        finally
        {
            metadata.Gate.Release();
        }
    }

    /// <summary>AddOffsetsToTxn: the group's offsets partition joins the transaction, so its offsets commit with it.</summary>
    public Task AddOffsetsAsync(string transactionalId, long producerId, short producerEpoch, string groupId)
    {
        if (string.IsNullOrWhiteSpace(groupId)) throw new InvalidGroupIdException("the group id of offsets sent to a transaction must not be empty");
        // The offsets topic is created lazily, by the first offset commit; AddPartitions accepts existing partitions only.
        _offsets.EnsureTopicCreated();
        return AddPartitionsAsync(transactionalId, producerId, producerEpoch, [_offsets.PartitionOf(groupId)]);
    }

    /// <summary>
    /// TxnOffsetCommit: offsets committed inside the transaction, fenced by the group's generation when one is given
    /// (KIP-447). The group's offsets partition must have been added (<see cref="AddOffsetsAsync"/>).
    /// </summary>
    public async Task CommitOffsetsAsync(string transactionalId, long producerId, short producerEpoch, string groupId, int generation,
        string memberId, string? groupInstanceId, IReadOnlyList<(TopicPartition Partition, long Offset, string? Metadata)> offsets)
    {
        ThrowIfDisposed();
        var metadata = Find(transactionalId, producerId);
        await metadata.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            CheckProducer(metadata, producerId, producerEpoch);
            if (metadata.State != TransactionState.Ongoing || !metadata.Partitions.Contains(_offsets.PartitionOf(groupId)))
                throw new InvalidTxnStateException($"offsets of group '{groupId}' cannot be committed in the transaction of '{transactionalId}': add them first (AddOffsetsToTxn; SendOffsetsToTransaction does both)");
            // Held across the write: the transaction cannot end between the check above and the pending offsets.
            await _groups.CommitTransactionalOffsetsAsync(groupId, generation, memberId, groupInstanceId, producerId, producerEpoch, offsets).ConfigureAwait(false);
        }
        finally
        {
            metadata.Gate.Release();
        }
    }

    /// <summary>
    /// EndTxn: commits or aborts the open transaction. Returns once the decision is durable and every marker is written and
    /// fsynced. A retry of an end that already happened succeeds again.
    /// </summary>
    public async Task EndTransactionAsync(string transactionalId, long producerId, short producerEpoch, bool commit)
    {
        ThrowIfDisposed();
        var metadata = Find(transactionalId, producerId);
        await metadata.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            CheckProducer(metadata, producerId, producerEpoch);
            switch (metadata.State)
            {
                case TransactionState.Ongoing:
                    metadata.State = commit ? TransactionState.PrepareCommit : TransactionState.PrepareAbort;
                    metadata.LastUpdateTimestampMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
                    await PersistAsync(metadata).ConfigureAwait(false);
                    AfterPrepareForTests?.Invoke(transactionalId);
                    await CompleteAsync(metadata, commit).ConfigureAwait(false);
                    return;
                case TransactionState.CompleteCommit when commit:
                case TransactionState.CompleteAbort when !commit:
                    return;
                default:
                    throw new InvalidTxnStateException($"cannot {(commit ? "commit" : "abort")} for transactional.id '{transactionalId}': its state is {metadata.State}, no transaction is open");
            }
        }
        finally
        {
            metadata.Gate.Release();
        }
    }

    /// <summary>Writes the markers of a decided transaction to its partitions, waits for them, and records the end. Under the gate.</summary>
    private async Task CompleteAsync(TransactionMetadata metadata, bool commit)
    {
        var type = commit ? ControlRecordType.Commit : ControlRecordType.Abort;
        var waits = new List<Task>(metadata.Partitions.Count);
        foreach (var tp in metadata.Partitions)
        {
            // A partition deleted meanwhile has nothing left to mark (Kafka skips it too).
            if (!_topics.TryGet(tp.Topic, out var topic) || tp.Partition >= topic.Partitions.Length) continue;
            var log = topic.Partitions[tp.Partition];
            var info = log.AppendMarker(metadata.ProducerId, metadata.ProducerEpoch, type, CoordinatorEpoch);
            var flushed = _committer.WaitForFlushAsync(log, info.LastOffset + 1);
            waits.Add(tp.Topic == OffsetStore.TopicName ? CompleteOffsetsAsync(flushed, tp.Partition, metadata.ProducerId, commit) : flushed);
        }
        await Task.WhenAll(waits).ConfigureAwait(false);
        metadata.State = commit ? TransactionState.CompleteCommit : TransactionState.CompleteAbort;
        metadata.Partitions.Clear();
        metadata.StartTimestampMs = -1;
        metadata.LastUpdateTimestampMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await PersistAsync(metadata).ConfigureAwait(false);
    }

    private async Task CompleteOffsetsAsync(Task flushed, int partition, long producerId, bool commit)
    {
        await flushed.ConfigureAwait(false);
        _offsets.CompleteTransaction(partition, producerId, commit);
    }

    private Task PersistAsync(TransactionMetadata metadata)
        => _topic.WriteAsync(_topic.PartitionFor(metadata.TransactionalId),
            [(TransactionLogRecords.EncodeKey(metadata.TransactionalId), TransactionLogRecords.EncodeValue(metadata))]);

    private TransactionMetadata Find(string transactionalId, long producerId)
    {
        ValidateId(transactionalId);
        if (_transactions.TryGetValue(transactionalId, out var metadata) && metadata.ProducerId >= 0) return metadata;
        throw new InvalidProducerIdMappingException($"transactional.id '{transactionalId}' is unknown to the transaction coordinator (producer {producerId}): call InitTransactions first");
    }

    private static void CheckProducer(TransactionMetadata metadata, long producerId, short producerEpoch)
    {
        if (producerId != metadata.ProducerId)
            throw new InvalidProducerIdMappingException($"transactional.id '{metadata.TransactionalId}' belongs to producer {metadata.ProducerId}, not {producerId}");
        if (producerEpoch == metadata.ProducerEpoch) return;
        if (producerEpoch < metadata.ProducerEpoch && producerEpoch == metadata.TimedOutEpoch)
            throw new InvalidProducerEpochException($"the transaction of '{metadata.TransactionalId}' was aborted by the coordinator because it stayed open longer than transaction.timeout.ms ({metadata.TimeoutMs} ms); abort it to go on with a new epoch");
        if (producerEpoch < metadata.ProducerEpoch)
            throw new ProducerFencedException($"producer {producerId} with transactional.id '{metadata.TransactionalId}' and epoch {producerEpoch} is fenced: a newer instance (epoch {metadata.ProducerEpoch}) took over");
        throw new InvalidProducerEpochException($"producer {producerId} sent epoch {producerEpoch} for transactional.id '{metadata.TransactionalId}', newer than the coordinator's {metadata.ProducerEpoch}");
    }

    private static void ValidateId(string transactionalId)
    {
        if (string.IsNullOrWhiteSpace(transactionalId))
            throw new InvalidConfigurationException("'transactional.id' must not be empty");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _timer.Dispose();
    }
}
