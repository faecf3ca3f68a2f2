namespace Streaming.Broker.Transactions;

/// <summary>
/// One transactional id's state at the coordinator: its producer id and epoch, the open transaction's partitions, and its
/// timing. Changed only while <see cref="Gate"/> is held, and made durable in <c>__transaction_state</c> before a
/// transition is acted on.
/// </summary>
internal sealed class TransactionMetadata(string transactionalId, long producerId, short producerEpoch, int timeoutMs)
{
    /// <summary>Serializes the calls for this transactional id (held across the durable writes, so it is async).</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public string TransactionalId { get; } = transactionalId;

    public long ProducerId { get; set; } = producerId;

    public short ProducerEpoch { get; set; } = producerEpoch;

    /// <summary><c>transaction.timeout.ms</c> the producer asked for.</summary>
    public int TimeoutMs { get; set; } = timeoutMs;

    public TransactionState State { get; set; } = TransactionState.Empty;

    /// <summary>The partitions written to in the open transaction (offsets partitions included).</summary>
    public HashSet<TopicPartition> Partitions { get; } = [];

    /// <summary>When the open transaction began (its first partition was added), Unix ms; -1 when none is open.</summary>
    public long StartTimestampMs { get; set; } = -1;

    public long LastUpdateTimestampMs { get; set; }

    /// <summary>
    /// The epoch whose transaction the coordinator aborted for exceeding its timeout (it bumped the epoch then), or -1.
    /// Lets the timed-out producer hear why it was fenced, and bump its epoch again to go on (KIP-588). Not persisted.
    /// </summary>
    public short TimedOutEpoch { get; set; } = -1;
}
