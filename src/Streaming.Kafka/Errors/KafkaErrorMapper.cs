using CK = Confluent.Kafka;

namespace Streaming.Kafka.Errors;

/// <summary>
/// Turns Confluent.Kafka errors into the framework's typed exceptions. Broker errors keep Kafka's code (our
/// <see cref="ErrorCode"/> uses Kafka's numbers); librdkafka's local errors (negative codes) become the exception that
/// means the same thing to an application — a timeout, a full buffer, a fenced producer — and keep librdkafka's code
/// where there is no framework one.
/// </summary>
internal static class KafkaErrorMapper
{
    /// <summary>The exception for <paramref name="error"/>, its message starting with <paramref name="what"/> (what failed).</summary>
    public static StreamingException Map(CK.Error error, string what, Exception? inner = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        string message = $"{what}: {Describe(error)}";
        return error.Code switch
        {
            // Broker errors, by Kafka's code.
            CK.ErrorCode.OffsetOutOfRange => new OffsetOutOfRangeException(message, inner),
            CK.ErrorCode.InvalidMsg => new CorruptRecordException(message, inner),
            CK.ErrorCode.UnknownTopicOrPart or CK.ErrorCode.UnknownTopicId => new UnknownTopicOrPartitionException(message, inner),
            CK.ErrorCode.MsgSizeTooLarge or CK.ErrorCode.RecordListTooLarge => new RecordTooLargeException(message, inner),
            CK.ErrorCode.RequestTimedOut => new TimeoutException(message, inner),
            CK.ErrorCode.TopicException => new InvalidTopicException(message, inner),
            CK.ErrorCode.IllegalGeneration or CK.ErrorCode.UnknownMemberId or CK.ErrorCode.FencedInstanceId
                => new GroupMembershipException((ErrorCode)(short)error.Code, message),
            CK.ErrorCode.InconsistentGroupProtocol => new InconsistentGroupProtocolException(message, inner),
            CK.ErrorCode.InvalidGroupId => new InvalidGroupIdException(message, inner),
            CK.ErrorCode.InvalidSessionTimeout => new InvalidSessionTimeoutException(message, inner),
            CK.ErrorCode.RebalanceInProgress => new RebalanceInProgressException(message, inner),
            CK.ErrorCode.TopicAlreadyExists => new TopicAlreadyExistsException(message, inner),
            CK.ErrorCode.InvalidPartitions => new InvalidPartitionsException(message, inner),
            CK.ErrorCode.InvalidReplicationFactor => new InvalidReplicationFactorException(message, inner),
            CK.ErrorCode.InvalidConfig => new InvalidConfigurationException(message, inner),
            CK.ErrorCode.InvalidRequest => new InvalidRequestException(message, inner),
            CK.ErrorCode.OutOfOrderSequenceNumber => new OutOfOrderSequenceException(message, inner),
            CK.ErrorCode.InvalidProducerEpoch => new InvalidProducerEpochException(message, inner),
            CK.ErrorCode.InvalidTxnState => new InvalidTxnStateException(message, inner),
            CK.ErrorCode.InvalidProducerIdMapping => new InvalidProducerIdMappingException(message, inner),
            CK.ErrorCode.InvalidTransactionTimeout => new InvalidTransactionTimeoutException(message, inner),
            CK.ErrorCode.ConcurrentTransactions => new ConcurrentTransactionsException(message, inner),
            CK.ErrorCode.KafkaStorageError => new StorageException(message, inner),
            CK.ErrorCode.NonEmptyGroup => new GroupNotEmptyException(message, inner),
            CK.ErrorCode.GroupIdNotFound => new GroupIdNotFoundException(message, inner),
            CK.ErrorCode.InvalidRecord => new InvalidRecordException(message, inner),
            CK.ErrorCode.UnstableOffsetCommit => new UnstableOffsetCommitException(message, inner),
            CK.ErrorCode.ProducerFenced or CK.ErrorCode.TransactionCoordinatorFenced => new ProducerFencedException(message, inner),

            // librdkafka's own (local) errors.
            CK.ErrorCode.Local_TimedOut or CK.ErrorCode.Local_MsgTimedOut or CK.ErrorCode.Local_TimedOutQueue => new TimeoutException(message, inner),
            CK.ErrorCode.Local_QueueFull => new BufferExhaustedException(message, inner),
            CK.ErrorCode.Local_Fenced => new ProducerFencedException(message, inner),
            CK.ErrorCode.Local_UnknownTopic or CK.ErrorCode.Local_UnknownPartition => new UnknownTopicOrPartitionException(message, inner),
            CK.ErrorCode.Local_KeySerialization or CK.ErrorCode.Local_ValueSerialization
                or CK.ErrorCode.Local_KeyDeserialization or CK.ErrorCode.Local_ValueDeserialization => new SerializationException(message, inner),
            CK.ErrorCode.Local_AutoOffsetReset => new OffsetOutOfRangeException(message, inner),
            CK.ErrorCode.Local_BadMsg => new CorruptRecordException(message, inner),
            CK.ErrorCode.Local_PurgeQueue or CK.ErrorCode.Local_PurgeInflight => new TransactionAbortedException(message, inner),
            CK.ErrorCode.Local_State => new InvalidStateException(message, inner),
            CK.ErrorCode.Local_InvalidArg => new InvalidRequestException(message, inner),
            CK.ErrorCode.Local_UnsupportedFeature or CK.ErrorCode.Local_NotImplemented or CK.ErrorCode.UnsupportedVersion
                => new FeatureNotSupportedException(message, inner),
            CK.ErrorCode.Local_AssignmentLost or CK.ErrorCode.Local_MaxPollExceeded
                => new CommitFailedException(message, inner),

            _ when inner is CK.KafkaTxnRequiresAbortException => new TransactionAbortableException(message, inner),
            _ when error.IsFatal => new FatalException((ErrorCode)(short)error.Code, message, inner),
            _ when IsRetriable(error) || inner is CK.KafkaRetriableException => new RetriableException((ErrorCode)(short)error.Code, message, inner),
            _ => new StreamingException((ErrorCode)(short)error.Code, message, inner),
        };
    }

    /// <summary>Maps a Confluent exception; any other exception is returned as it is.</summary>
    public static Exception Map(Exception exception, string what) => exception switch
    {
        CK.KafkaException kafka => Map(kafka.Error, what, kafka),
        _ => exception,
    };

    /// <summary>"Broker: Unknown topic or partition (UnknownTopicOrPart, code 3)".</summary>
    public static string Describe(CK.Error error) => $"{error.Reason} ({error.Code}, code {(int)error.Code})";

    /// <summary>
    /// Errors that go away by themselves (a leader moving, a broker restarting, the network).
    /// </summary>
    private static bool IsRetriable(CK.Error error) => error.Code is
        CK.ErrorCode.Local_Transport or CK.ErrorCode.Local_AllBrokersDown or CK.ErrorCode.Local_Resolve
        or CK.ErrorCode.Local_WaitCoord or CK.ErrorCode.Local_Retry or CK.ErrorCode.LeaderNotAvailable
        or CK.ErrorCode.NotLeaderForPartition or CK.ErrorCode.NetworkException or CK.ErrorCode.GroupCoordinatorNotAvailable
        or CK.ErrorCode.NotCoordinatorForGroup or CK.ErrorCode.GroupLoadInProgress or CK.ErrorCode.NotEnoughReplicas
        or CK.ErrorCode.NotEnoughReplicasAfterAppend or CK.ErrorCode.BrokerNotAvailable or CK.ErrorCode.FencedLeaderEpoch
        or CK.ErrorCode.UnknownLeaderEpoch or CK.ErrorCode.OffsetNotAvailable;
}
