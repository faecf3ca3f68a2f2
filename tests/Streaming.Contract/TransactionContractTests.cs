namespace Streaming.Contract;

/// <summary>What every transport's transactions do: atomic visibility for read_committed, offsets inside, fencing, misuse.</summary>
public abstract class TransactionContractTests(TransportFixture fixture)
{
    protected TransportFixture Fixture { get; } = fixture;

    private IProducer<string?, string?> Transactional(string id) => Fixture.Producer(new ProducerConfig { TransactionalId = id, LingerMs = 0 });

    /// <summary>How the tests read back: from the start, with the given isolation (null: the default).</summary>
    protected virtual ConsumerConfig ReadConfig(IsolationLevel? isolation) => new() { AutoOffsetReset = AutoOffsetReset.Earliest, IsolationLevel = isolation };

    private ConsumerConfig ReadCommitted => ReadConfig(IsolationLevel.ReadCommitted);

    /// <summary>The values a consumer reads from the partition's start until nothing more arrives for a while.</summary>
    private List<string?> ReadUntilQuiet(TopicPartition tp, ConsumerConfig config, int atLeast)
    {
        using var consumer = Fixture.Consumer(config);
        consumer.Assign([new TopicPartitionOffset(tp, Offset.Beginning)]);
        var values = new List<string?>();
        var deadline = DateTime.UtcNow + Timeouts.Record;
        while (true)
        {
            var r = consumer.Consume(values.Count >= atLeast ? Timeouts.Quiet : Timeouts.Poll);
            if (r is not null && !r.IsPartitionEOF) values.Add(r.Message.Value);
            else if (values.Count >= atLeast || DateTime.UtcNow > deadline) return values;
        }
    }

    [Fact]
    public virtual void Commit_MakesEveryRecordVisibleToReadCommitted()
    {
        var tp = new TopicPartition(Fixture.NewTopic(1), 0);
        using var producer = Transactional(Fixture.UniqueName("tx"));
        producer.InitTransactions(Timeouts.Record);
        producer.BeginTransaction();
        for (int i = 0; i < 3; i++) producer.Produce(tp, new Message<string?, string?> { Value = $"c{i}" });
        producer.CommitTransaction(Timeouts.Record);
        Assert.Equal(["c0", "c1", "c2"], ReadUntilQuiet(tp, ReadCommitted, 3));
    }

    [Fact]
    public virtual void Abort_HidesTheRecordsFromReadCommitted_AndLaterTransactionsStillCommit()
    {
        var tp = new TopicPartition(Fixture.NewTopic(1), 0);
        using var producer = Transactional(Fixture.UniqueName("tx"));
        producer.InitTransactions(Timeouts.Record);
        producer.BeginTransaction();
        producer.Produce(tp, new Message<string?, string?> { Value = "aborted" });
        Assert.Equal(0, producer.Flush(Timeouts.Record));
        producer.AbortTransaction(Timeouts.Record);
        producer.BeginTransaction();
        producer.Produce(tp, new Message<string?, string?> { Value = "committed" });
        producer.CommitTransaction(Timeouts.Record);
        Assert.Equal(["committed"], ReadUntilQuiet(tp, ReadCommitted, 1));
        Assert.Equal(["aborted", "committed"], ReadUntilQuiet(tp, ReadConfig(null), 2));
    }

    [Fact]
    public virtual void DefaultIsolation_IsReadUncommitted_AndSeesAnOpenTransaction()
    {
        var tp = new TopicPartition(Fixture.NewTopic(1), 0);
        using var producer = Transactional(Fixture.UniqueName("tx"));
        producer.InitTransactions(Timeouts.Record);
        producer.BeginTransaction();
        producer.Produce(tp, new Message<string?, string?> { Value = "open" });
        Assert.Equal(0, producer.Flush(Timeouts.Record));
        Assert.Equal(["open"], ReadUntilQuiet(tp, ReadConfig(null), 1));
        producer.AbortTransaction(Timeouts.Record);
    }

    [Fact]
    public virtual void ReadCommitted_DoesNotSeeAnOpenTransaction_UntilItCommits()
    {
        var tp = new TopicPartition(Fixture.NewTopic(1), 0);
        using var producer = Transactional(Fixture.UniqueName("tx"));
        producer.InitTransactions(Timeouts.Record);
        producer.BeginTransaction();
        producer.Produce(tp, new Message<string?, string?> { Value = "pending" });
        Assert.Equal(0, producer.Flush(Timeouts.Record));
        Assert.Empty(ReadUntilQuiet(tp, ReadCommitted, 0));
        producer.CommitTransaction(Timeouts.Record);
        Assert.Equal(["pending"], ReadUntilQuiet(tp, ReadCommitted, 1));
    }

    /// <summary>Consumes the input topic's <paramref name="count"/> records in a group and copies them to the output in one transaction.</summary>
    private async Task<(IConsumer<string?, string?> Consumer, IProducer<string?, string?> Producer, TopicPartition Input, TopicPartition Output)> CopyInATransaction(int count)
    {
        var input = new TopicPartition(Fixture.NewTopic(1), 0);
        var output = new TopicPartition(Fixture.NewTopic(1), 0);
        using (var plain = Fixture.Producer())
        {
            for (int i = 0; i < count; i++) await plain.ProduceAsync(input, new Message<string?, string?> { Value = $"in{i}" });
        }
        var consumer = Fixture.Consumer(new ConsumerConfig
        {
            GroupId = Fixture.UniqueName("g"), AutoOffsetReset = AutoOffsetReset.Earliest, DeliveryGuarantee = DeliveryGuarantee.ExactlyOnce,
            SessionTimeoutMs = 6000, HeartbeatIntervalMs = 300,
        });
        consumer.Subscribe(input.Topic);
        var producer = Transactional(Fixture.UniqueName("tx"));
        producer.InitTransactions(Timeouts.Record);
        producer.BeginTransaction();
        long next = 0;
        var deadline = DateTime.UtcNow + Timeouts.Group;
        while (next < count && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(Timeouts.Poll);
            if (r is null) continue;
            producer.Produce(output, new Message<string?, string?> { Value = r.Message.Value!.Replace("in", "out", StringComparison.Ordinal) });
            next = r.Offset.Value + 1;
        }
        Assert.Equal(count, next);
        return (consumer, producer, input, output);
    }

    [Fact]
    public virtual async Task SendOffsetsToTransaction_WithTheConsumersGroupMetadata_IsAcceptedAndTheTransactionCommits()
    {
        var (consumer, producer, input, output) = await CopyInATransaction(3);
        using (consumer)
        using (producer)
        {
            var metadata = consumer.ConsumerGroupMetadata!;
            Assert.Equal(consumer.MemberId, metadata.MemberId);
            producer.SendOffsetsToTransaction([new TopicPartitionOffset(input, 3)], metadata, Timeouts.Record);
            producer.SendOffsetsToTransaction([new TopicPartitionOffset(input, 3)], ConsumerGroupMetadata.ForGroup(metadata.GroupId), Timeouts.Record);
            producer.CommitTransaction(Timeouts.Record);
            Assert.Equal(["out0", "out1", "out2"], ReadUntilQuiet(output, ReadCommitted, 3));
            // A copy that did not come from the consumer (here: a stale generation) is refused before it reaches the coordinator.
            producer.BeginTransaction();
            Assert.Throws<CommitFailedException>(() => producer.SendOffsetsToTransaction([new TopicPartitionOffset(input, 3)],
                metadata with { GenerationId = metadata.GenerationId - 1 }, Timeouts.Record));
            producer.AbortTransaction(Timeouts.Record);
        }
    }

    [Fact]
    public virtual async Task SendOffsetsToTransaction_CommitsTheConsumersOffsetsWithTheTransaction()
    {
        var (consumer, producer, input, output) = await CopyInATransaction(4);
        using (consumer)
        using (producer)
        {
            producer.SendOffsetsToTransaction([new TopicPartitionOffset(input, 4)], consumer.ConsumerGroupMetadata!, Timeouts.Record);
            // While the transaction is open its offset is unstable (KIP-447): a read_uncommitted view of the group sees the
            // old (no) commit, and the read_committed consumer's Committed waits for the transaction — here, in vain.
            using (var uncommitted = Fixture.Consumer(new ConsumerConfig { GroupId = consumer.ConsumerGroupMetadata!.GroupId }))
                Assert.Equal(Offset.Unset, uncommitted.Committed([input], Timeouts.Record).Single().Offset);
            Assert.Throws<TimeoutException>(() => consumer.Committed([input], TimeSpan.FromMilliseconds(500)));
            producer.CommitTransaction(Timeouts.Record);
            Timeouts.Until(() => consumer.Committed([input], Timeouts.Record).Single().Offset.Value == 4, Timeouts.Record, "the offsets to be committed with the transaction");
            Assert.Equal(["out0", "out1", "out2", "out3"], ReadUntilQuiet(output, ReadCommitted, 4));
        }
    }

    [Fact]
    public virtual void Misuse_FailsWithInvalidTxnState()
    {
        var tp = new TopicPartition(Fixture.NewTopic(1), 0);
        using (var plain = Fixture.Producer())
        {
            Assert.Contains("transactional.id", Assert.Throws<InvalidTxnStateException>(() => plain.InitTransactions(Timeouts.Record)).Message);
            Assert.Throws<InvalidTxnStateException>(plain.BeginTransaction);
        }
        using var producer = Transactional(Fixture.UniqueName("tx"));
        Assert.Throws<InvalidTxnStateException>(producer.BeginTransaction);
        Assert.Throws<InvalidTxnStateException>(() => producer.Produce(tp, new Message<string?, string?> { Value = "v" }));
        producer.InitTransactions(Timeouts.Record);
        Assert.Throws<InvalidTxnStateException>(() => producer.InitTransactions(Timeouts.Record));
        Assert.Throws<InvalidTxnStateException>(() => producer.Produce(tp, new Message<string?, string?> { Value = "v" }));
        Assert.Throws<InvalidTxnStateException>(() => producer.CommitTransaction(Timeouts.Record));
        Assert.Throws<InvalidTxnStateException>(() => producer.AbortTransaction(Timeouts.Record));
        producer.BeginTransaction();
        Assert.Throws<InvalidTxnStateException>(producer.BeginTransaction);
        Assert.Throws<ArgumentOutOfRangeException>(() => producer.SendOffsetsToTransaction([new TopicPartitionOffset(tp, Offset.End)], ConsumerGroupMetadata.ForGroup("g"), Timeouts.Record));
        producer.AbortTransaction(Timeouts.Record);
    }

    [Fact]
    public virtual void ZombieFencing_TheOlderInstanceIsFenced_AndItsTransactionNeverCommits()
    {
        var tp = new TopicPartition(Fixture.NewTopic(1), 0);
        string id = Fixture.UniqueName("tx");
        using var zombie = Transactional(id);
        zombie.InitTransactions(Timeouts.Record);
        zombie.BeginTransaction();
        zombie.Produce(tp, new Message<string?, string?> { Value = "zombie" });
        Assert.Equal(0, zombie.Flush(Timeouts.Record));
        using var successor = Transactional(id);
        successor.InitTransactions(Timeouts.Record);
        var ex = Assert.ThrowsAny<StreamingException>(() => zombie.CommitTransaction(Timeouts.Record));
        Assert.True(ex is ProducerFencedException or TransactionAbortableException or InvalidProducerEpochException, ex.GetType().Name + ": " + ex.Message);
        successor.BeginTransaction();
        successor.Produce(tp, new Message<string?, string?> { Value = "successor" });
        successor.CommitTransaction(Timeouts.Record);
        Assert.Equal(["successor"], ReadUntilQuiet(tp, ReadCommitted, 1));
    }
}
