namespace Streaming.Broker.Transactions;

/// <summary>A transactional id's state at its coordinator; the numbers are Kafka's, as stored in <c>__transaction_state</c>.</summary>
internal enum TransactionState : byte
{
    /// <summary>Initialized, no transaction yet.</summary>
    Empty = 0,

    /// <summary>A transaction is open: partitions (and offsets) have been added to it.</summary>
    Ongoing = 1,

    /// <summary>Commit decided and durable; markers are being written.</summary>
    PrepareCommit = 2,

    /// <summary>Abort decided and durable; markers are being written.</summary>
    PrepareAbort = 3,

    /// <summary>The last transaction committed; markers are written.</summary>
    CompleteCommit = 4,

    /// <summary>The last transaction aborted; markers are written.</summary>
    CompleteAbort = 5,
}
