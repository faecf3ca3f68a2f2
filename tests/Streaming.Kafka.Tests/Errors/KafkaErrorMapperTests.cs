using Streaming.Kafka.Errors;
using CK = Confluent.Kafka;

namespace Streaming.Kafka.Tests.Errors;

public sealed class KafkaErrorMapperTests
{
    [Theory]
    [InlineData(CK.ErrorCode.UnknownTopicOrPart, typeof(UnknownTopicOrPartitionException), ErrorCode.UnknownTopicOrPartition)]
    [InlineData(CK.ErrorCode.OffsetOutOfRange, typeof(OffsetOutOfRangeException), ErrorCode.OffsetOutOfRange)]
    [InlineData(CK.ErrorCode.MsgSizeTooLarge, typeof(RecordTooLargeException), ErrorCode.MessageTooLarge)]
    [InlineData(CK.ErrorCode.TopicException, typeof(InvalidTopicException), ErrorCode.InvalidTopic)]
    [InlineData(CK.ErrorCode.RebalanceInProgress, typeof(RebalanceInProgressException), ErrorCode.RebalanceInProgress)]
    [InlineData(CK.ErrorCode.TopicAlreadyExists, typeof(TopicAlreadyExistsException), ErrorCode.TopicAlreadyExists)]
    [InlineData(CK.ErrorCode.InvalidPartitions, typeof(InvalidPartitionsException), ErrorCode.InvalidPartitions)]
    [InlineData(CK.ErrorCode.InvalidReplicationFactor, typeof(InvalidReplicationFactorException), ErrorCode.InvalidReplicationFactor)]
    [InlineData(CK.ErrorCode.InvalidConfig, typeof(InvalidConfigurationException), ErrorCode.InvalidConfig)]
    [InlineData(CK.ErrorCode.InvalidTxnState, typeof(InvalidTxnStateException), ErrorCode.InvalidTxnState)]
    [InlineData(CK.ErrorCode.ConcurrentTransactions, typeof(ConcurrentTransactionsException), ErrorCode.ConcurrentTransactions)]
    [InlineData(CK.ErrorCode.ProducerFenced, typeof(ProducerFencedException), ErrorCode.ProducerFenced)]
    [InlineData(CK.ErrorCode.NonEmptyGroup, typeof(GroupNotEmptyException), ErrorCode.NonEmptyGroup)]
    [InlineData(CK.ErrorCode.GroupIdNotFound, typeof(GroupIdNotFoundException), ErrorCode.GroupIdNotFound)]
    [InlineData(CK.ErrorCode.UnstableOffsetCommit, typeof(UnstableOffsetCommitException), ErrorCode.UnstableOffsetCommit)]
    [InlineData(CK.ErrorCode.IllegalGeneration, typeof(GroupMembershipException), ErrorCode.IllegalGeneration)]
    public void Map_BrokerError_KeepsKafkasCodeInTheTypedException(CK.ErrorCode code, Type expected, ErrorCode ours)
    {
        var ex = KafkaErrorMapper.Map(new CK.Error(code), "doing it");
        Assert.IsType(expected, ex);
        Assert.Equal(ours, ex.Code);
        Assert.Equal((int)code, (int)ex.Code);
        Assert.StartsWith("doing it: ", ex.Message);
        Assert.Contains($"code {(int)code}", ex.Message);
    }

    [Theory]
    [InlineData(CK.ErrorCode.Local_TimedOut, typeof(TimeoutException))]
    [InlineData(CK.ErrorCode.Local_MsgTimedOut, typeof(TimeoutException))]
    [InlineData(CK.ErrorCode.Local_QueueFull, typeof(BufferExhaustedException))]
    [InlineData(CK.ErrorCode.Local_Fenced, typeof(ProducerFencedException))]
    [InlineData(CK.ErrorCode.Local_UnknownPartition, typeof(UnknownTopicOrPartitionException))]
    [InlineData(CK.ErrorCode.Local_UnknownTopic, typeof(UnknownTopicOrPartitionException))]
    [InlineData(CK.ErrorCode.Local_ValueDeserialization, typeof(SerializationException))]
    [InlineData(CK.ErrorCode.Local_AutoOffsetReset, typeof(OffsetOutOfRangeException))]
    [InlineData(CK.ErrorCode.Local_BadMsg, typeof(CorruptRecordException))]
    [InlineData(CK.ErrorCode.Local_PurgeQueue, typeof(TransactionAbortedException))]
    [InlineData(CK.ErrorCode.Local_State, typeof(InvalidStateException))]
    [InlineData(CK.ErrorCode.Local_UnsupportedFeature, typeof(FeatureNotSupportedException))]
    public void Map_LocalError_BecomesTheExceptionThatMeansTheSame(CK.ErrorCode code, Type expected)
        => Assert.IsType(expected, KafkaErrorMapper.Map(new CK.Error(code), "x"));

    [Theory]
    [InlineData(CK.ErrorCode.Local_Transport)]
    [InlineData(CK.ErrorCode.Local_AllBrokersDown)]
    [InlineData(CK.ErrorCode.NotLeaderForPartition)]
    [InlineData(CK.ErrorCode.LeaderNotAvailable)]
    [InlineData(CK.ErrorCode.GroupCoordinatorNotAvailable)]
    public void Map_TransientError_IsRetriableWithItsCode(CK.ErrorCode code)
    {
        var ex = KafkaErrorMapper.Map(new CK.Error(code), "x");
        Assert.True(ex.IsRetriable);
        Assert.Equal((int)code, (int)ex.Code);
    }

    [Fact]
    public void Map_FatalError_IsFatal()
        => Assert.True(KafkaErrorMapper.Map(new CK.Error(CK.ErrorCode.Local_Fatal, "fatal", isFatal: true), "x").IsFatal);
}
