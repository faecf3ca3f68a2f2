using Streaming.Broker.Tests.TestSupport;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Tests.Transactions;

/// <summary>Misuse of transactions, at the producer and at the coordinator, gets a typed error that names the problem.</summary>
public sealed class TransactionBadInputTests : IDisposable
{
    private readonly BrokerHarness _h = new(TransactionTestSupport.SmallInternalTopics);

    public void Dispose() => _h.Dispose();

    private static Message<string?, string?> M(string value) => new() { Value = value };

    [Fact]
    public void TransactionalProducer_CallsOutOfOrder_GiveInvalidTxnState()
    {
        _h.CreateTopic("t", 1);
        using var producer = _h.TransactionalProducer("tx", init: false);
        Assert.Contains("InitTransactions", Assert.Throws<InvalidTxnStateException>(() => producer.Produce("t", M("early"))).Message);
        Assert.Contains("InitTransactions", Assert.Throws<InvalidTxnStateException>(() => producer.BeginTransaction()).Message);
        producer.InitTransactions(TimeSpan.FromSeconds(10));
        Assert.Contains("already", Assert.Throws<InvalidTxnStateException>(() => producer.InitTransactions(TimeSpan.FromSeconds(10))).Message);
        Assert.Contains("BeginTransaction", Assert.Throws<InvalidTxnStateException>(() => producer.Produce("t", M("outside"))).Message);
        Assert.IsType<InvalidTxnStateException>(producer.ProduceAsync("t", M("outside")).Exception!.InnerException);
        Assert.Contains("no open transaction", Assert.Throws<InvalidTxnStateException>(() => producer.CommitTransaction()).Message);
        Assert.Contains("no open transaction", Assert.Throws<InvalidTxnStateException>(() => producer.AbortTransaction()).Message);
        Assert.Throws<InvalidTxnStateException>(() => producer.SendOffsetsToTransaction([new TopicPartitionOffset("t", 0, 1)], ConsumerGroupMetadata.ForGroup("g"), TimeSpan.FromSeconds(1)));
        producer.BeginTransaction();
        Assert.Contains("already has an open transaction", Assert.Throws<InvalidTxnStateException>(() => producer.BeginTransaction()).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => producer.SendOffsetsToTransaction([new TopicPartitionOffset("t", 0, Offset.End)], ConsumerGroupMetadata.ForGroup("g"), TimeSpan.FromSeconds(1)));
        producer.CommitTransaction(); // an empty transaction commits without ever reaching the coordinator
        Assert.Equal(0, _h.Log("t", 0).LogEndOffset);
        Assert.Empty(_h.Read("t"));
    }

    [Fact]
    public void NonTransactionalProducer_TransactionCalls_NameTheMissingConfig()
    {
        using var producer = _h.Producer();
        Assert.Contains("transactional.id", Assert.Throws<InvalidTxnStateException>(() => producer.InitTransactions(TimeSpan.FromSeconds(1))).Message);
        Assert.Contains("transactional.id", Assert.Throws<InvalidTxnStateException>(() => producer.BeginTransaction()).Message);
    }

    [Fact]
    public void Configuration_Conflicts_AreRefusedWhenBuilt()
    {
        Assert.Contains("transactional.id", Assert.Throws<InvalidConfigurationException>(() => _h.Producer(new ProducerConfig { TransactionalId = " " })).Message);
        Assert.Contains("enable.idempotence", Assert.Throws<InvalidConfigurationException>(() => _h.Producer(new ProducerConfig { TransactionalId = "tx", EnableIdempotence = false })).Message);
        Assert.Contains("acks", Assert.Throws<InvalidConfigurationException>(() => _h.Producer(new ProducerConfig { TransactionalId = "tx", Acks = Acks.Leader })).Message);
        Assert.Contains("at-most-once", Assert.Throws<InvalidConfigurationException>(() => _h.Producer(new ProducerConfig { TransactionalId = "tx", DeliveryGuarantee = DeliveryGuarantee.AtMostOnce })).Message);
        Assert.Contains("isolation.level", Assert.Throws<InvalidConfigurationException>(() => new ConsumerConfig(new Dictionary<string, string> { ["isolation.level"] = "serializable" }).IsolationLevel).Message);
        using var tooLong = _h.Producer(new ProducerConfig { TransactionalId = "tx", TransactionTimeoutMs = 60 * 60 * 1000 });
        Assert.Contains("transaction.max.timeout.ms", Assert.Throws<InvalidTransactionTimeoutException>(() => tooLong.InitTransactions(TimeSpan.FromSeconds(5))).Message);
    }

    [Fact]
    public async Task Coordinator_UnknownIdsWrongProducersAndStates_GiveTypedErrors()
    {
        _h.CreateTopic("t", 1);
        var coordinator = _h.Broker.Transactions;
        var unknown = await Assert.ThrowsAsync<InvalidProducerIdMappingException>(() => coordinator.EndTransactionAsync("nobody", 1, 0, commit: true));
        Assert.Contains("'nobody'", unknown.Message);
        await Assert.ThrowsAsync<InvalidProducerIdMappingException>(() => coordinator.AddPartitionsAsync("nobody", 1, 0, [new TopicPartition("t", 0)]));
        await Assert.ThrowsAsync<InvalidConfigurationException>(() => coordinator.InitProducerIdAsync("", 1000));
        await Assert.ThrowsAsync<InvalidTransactionTimeoutException>(() => coordinator.InitProducerIdAsync("tx", 0));

        var (producerId, epoch) = await coordinator.InitProducerIdAsync("tx", 10_000);
        await Assert.ThrowsAsync<InvalidProducerIdMappingException>(() => coordinator.AddPartitionsAsync("tx", producerId + 1, epoch, [new TopicPartition("t", 0)]));
        await Assert.ThrowsAsync<InvalidProducerEpochException>(() => coordinator.AddPartitionsAsync("tx", producerId, (short)(epoch + 1), [new TopicPartition("t", 0)]));
        await Assert.ThrowsAsync<UnknownTopicOrPartitionException>(() => coordinator.AddPartitionsAsync("tx", producerId, epoch, [new TopicPartition("t", 7)]));
        var noTxn = await Assert.ThrowsAsync<InvalidTxnStateException>(() => coordinator.EndTransactionAsync("tx", producerId, epoch, commit: true));
        Assert.Contains("Empty", noTxn.Message);
        await coordinator.AddPartitionsAsync("tx", producerId, epoch, [new TopicPartition("t", 0)]);
        var offsetsFirst = await Assert.ThrowsAsync<InvalidTxnStateException>(() => coordinator.CommitOffsetsAsync("tx", producerId, epoch, "g", -1, "", null, [(new TopicPartition("t", 0), 1L, null)]));
        Assert.Contains("AddOffsetsToTxn", offsetsFirst.Message);
        await coordinator.EndTransactionAsync("tx", producerId, epoch, commit: true);
        await coordinator.EndTransactionAsync("tx", producerId, epoch, commit: true); // a retried end succeeds again
        await Assert.ThrowsAsync<InvalidTxnStateException>(() => coordinator.EndTransactionAsync("tx", producerId, epoch, commit: false));

        var (_, newer) = await coordinator.InitProducerIdAsync("tx", 10_000);
        Assert.Equal(epoch + 1, newer);
        await Assert.ThrowsAsync<ProducerFencedException>(() => coordinator.AddPartitionsAsync("tx", producerId, epoch, [new TopicPartition("t", 0)]));
        await Assert.ThrowsAsync<ProducerFencedException>(() => coordinator.InitProducerIdAsync("tx", 10_000, producerId, epoch));
    }

    [Fact]
    public void Partition_RefusesClientControlBatches_SequenceGaps_AndStaleEpochs()
    {
        _h.CreateTopic("t", 1);
        var log = _h.Log("t", 0);
        var marker = ControlBatch.BuildMarker(42, 0, ControlRecordType.Commit, 0, 0);
        Assert.Contains("transaction coordinator", Assert.Throws<InvalidRecordException>(() => log.Append(marker)).Message);

        static byte[] Batch(long producerId, short epoch, int sequence, bool transactional)
        {
            using var builder = new RecordBatchBuilder(256);
            builder.Reset(Streaming.Protocol.Records.CompressionType.None, producerId, epoch, sequence, transactional);
            builder.Append(0, "k"u8, false, "v"u8, false, 0, default);
            return builder.Seal().ToArray();
        }
        log.Append(Batch(42, 0, 0, transactional: true));
        Assert.Throws<OutOfOrderSequenceException>(() => log.Append(Batch(42, 0, 5, transactional: true)));
        Assert.Contains("still open", Assert.Throws<InvalidTxnStateException>(() => log.Append(Batch(42, 0, 1, transactional: false))).Message);
        log.AppendMarker(42, 1, ControlRecordType.Abort, 0); // the coordinator fenced epoch 0
        Assert.Throws<InvalidProducerEpochException>(() => log.Append(Batch(42, 0, 1, transactional: true)));
        Assert.Throws<InvalidProducerEpochException>(() => log.AppendMarker(42, 0, ControlRecordType.Commit, 0));
        Assert.Equal(log.LogEndOffset, log.LastStableOffset);
        Assert.Empty(_h.Read("t"));
    }

    [Fact]
    public async Task SendOffsets_WithAStaleGeneration_IsRefused_AndTheTransactionMustAbort()
    {
        _h.CreateTopic("in", 1);
        _h.CreateTopic("out", 1);
        using (var plain = _h.Producer()) await plain.ProduceAsync("in", M("x"));
        using var consumer = _h.Consumer(new ConsumerConfig { GroupId = "g", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false, IsolationLevel = IsolationLevel.ReadCommitted });
        consumer.Subscribe("in");
        Assert.NotNull(consumer.Consume(TimeSpan.FromSeconds(10)));
        var current = consumer.ConsumerGroupMetadata!;
        Assert.True(current.GenerationId >= 1);
        Assert.NotEmpty(current.MemberId);

        using var producer = _h.TransactionalProducer("tx");
        producer.BeginTransaction();
        producer.Produce("out", M("result"));
        var stale = current with { GenerationId = current.GenerationId - 1 };
        var error = Assert.Throws<CommitFailedException>(() => producer.SendOffsetsToTransaction([new TopicPartitionOffset("in", 0, 1)], stale, TimeSpan.FromSeconds(10)));
        Assert.Contains("rebalanced", error.Message);
        Assert.Throws<TransactionAbortableException>(() => producer.CommitTransaction());
        producer.AbortTransaction();
        Assert.Empty(_h.Read("out"));
        Assert.Null(_h.Broker.Groups.Offsets.Get("g", new TopicPartition("in", 0)));

        producer.BeginTransaction();
        producer.Produce("out", M("result"));
        producer.SendOffsetsToTransaction([new TopicPartitionOffset("in", 0, 1)], consumer.ConsumerGroupMetadata!, TimeSpan.FromSeconds(10));
        producer.CommitTransaction();
        Assert.Equal(["result"], _h.Read("out"));
        Assert.Equal(1, consumer.Committed([new TopicPartition("in", 0)], TimeSpan.FromSeconds(1))[0].Offset.Value);
    }

    [Fact]
    public async Task Consumer_ResumingAPartition_WaitsWhileATransactionHoldsItsOffset()
    {
        _h.CreateTopic("in", 1);
        using (var plain = _h.Producer()) for (int i = 0; i < 10; i++) await plain.ProduceAsync("in", M($"in{i}"));
        using var producer = _h.TransactionalProducer("tx");
        producer.BeginTransaction();
        producer.SendOffsetsToTransaction([new TopicPartitionOffset("in", 0, 6)], ConsumerGroupMetadata.ForGroup("g"), TimeSpan.FromSeconds(10));

        using var consumer = _h.Consumer(new ConsumerConfig { GroupId = "g", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false });
        consumer.Assign([new TopicPartition("in", 0)]);
        Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(200))); // offset unstable: neither 0 (reset) nor 6 yet
        Assert.Equal(Offset.Unset, consumer.Position(new TopicPartition("in", 0)));
        producer.CommitTransaction();
        Assert.Equal("in6", consumer.Consume(TimeSpan.FromSeconds(10))?.Message.Value);
    }
}
