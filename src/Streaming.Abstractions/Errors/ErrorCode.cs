namespace Streaming;

/// <summary>Error codes: Kafka's protocol codes where Kafka has one, negative codes for errors raised inside a client.</summary>
public enum ErrorCode : short
{
    UnknownServerError = -1,
    None = 0,
    OffsetOutOfRange = 1,
    CorruptMessage = 2,
    UnknownTopicOrPartition = 3,
    InvalidFetchSize = 4,
    RequestTimedOut = 7,
    CoordinatorNotAvailable = 15,
    MessageTooLarge = 10,
    InvalidTopic = 17,
    RecordListTooLarge = 18,
    InvalidRequiredAcks = 21,
    IllegalGeneration = 22,
    InconsistentGroupProtocol = 23,
    InvalidGroupId = 24,
    UnknownMemberId = 25,
    InvalidSessionTimeout = 26,
    RebalanceInProgress = 27,
    InvalidCommitOffsetSize = 28,
    TopicAlreadyExists = 36,
    InvalidPartitions = 37,
    InvalidReplicationFactor = 38,
    InvalidReplicaAssignment = 39,
    InvalidRequest = 42,
    InvalidConfig = 40,
    PolicyViolation = 44,
    OutOfOrderSequenceNumber = 45,
    DuplicateSequenceNumber = 46,
    InvalidProducerEpoch = 47,
    InvalidTxnState = 48,
    InvalidProducerIdMapping = 49,
    InvalidTransactionTimeout = 50,
    ConcurrentTransactions = 51,
    KafkaStorageError = 56,
    UnknownProducerId = 59,
    NonEmptyGroup = 68,
    GroupIdNotFound = 69,
    FencedInstanceId = 82,
    InvalidRecord = 87,
    UnstableOffsetCommit = 88,
    ProducerFenced = 90,
    UnknownTopicId = 100,
    TransactionalIdNotFound = 105,
    TransactionAbortable = 120,

    /// <summary>The producer's <c>buffer.memory</c> stayed full for <c>max.block.ms</c>.</summary>
    BufferExhausted = -1001,

    /// <summary>The data directory is held by another broker.</summary>
    DataDirectoryLocked = -1002,

    /// <summary>A client call does not fit the client's state (for example, not assigned that partition).</summary>
    InvalidState = -1003,

    /// <summary>The operation timed out in the client.</summary>
    Timeout = -1004,

    /// <summary>A value could not be serialized or deserialized.</summary>
    Serialization = -1005,

    /// <summary>The feature is not available on this transport or version.</summary>
    NotSupported = -1006,

    /// <summary>A commit failed because the group rebalanced and the partitions now belong to another member.</summary>
    CommitFailed = -1007,

    /// <summary>A record was not sent because the transaction it belonged to was aborted.</summary>
    TransactionAborted = -1008,
}
