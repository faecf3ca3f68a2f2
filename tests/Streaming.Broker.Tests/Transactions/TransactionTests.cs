using Streaming.Broker.InProcess;
using Streaming.Broker.Tests.TestSupport;
using Streaming.Broker.Transactions;

namespace Streaming.Broker.Tests.Transactions;

/// <summary>Transactions end to end on the embedded broker: commit, abort, fencing, read_committed and the LSO, offsets.</summary>
public sealed class TransactionTests : IDisposable
{
    private readonly BrokerHarness _h = new(TransactionTestSupport.SmallInternalTopics);

    public void Dispose() => _h.Dispose();

    private static Message<string?, string?> M(string value, string? key = null) => new() { Key = key, Value = value };

    private static void ProduceValues(IProducer<string?, string?> producer, string topic, string prefix, int count)
    {
        for (int i = 0; i < count; i++) producer.Produce(topic, M($"{prefix}{i}", $"k{i}"));
        producer.Flush();
    }

    [Fact]
    public void Commit_MakesEveryRecordVisibleToReadCommitted_AndOnlyThen()
    {
        _h.CreateTopic("t", 3);
        using var producer = _h.TransactionalProducer("tx");
        producer.BeginTransaction();
        ProduceValues(producer, "t", "v", 30);

        Assert.Equal(30, _h.Read("t", IsolationLevel.ReadUncommitted).Count);
        Assert.Empty(_h.Read("t"));
        Assert.All(Enumerable.Range(0, 3), p => Assert.True(_h.Log("t", p).LastStableOffset < _h.Log("t", p).LogEndOffset));

        producer.CommitTransaction();

        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"v{i}").Order(), _h.Read("t").Order());
        Assert.All(Enumerable.Range(0, 3), p => Assert.Equal(_h.Log("t", p).LogEndOffset, _h.Log("t", p).LastStableOffset));
    }

    [Fact]
    public void Abort_HidesEverything_AndLaterTransactionsStillCommit()
    {
        _h.CreateTopic("t", 3);
        using var producer = _h.TransactionalProducer("tx");
        producer.BeginTransaction();
        ProduceValues(producer, "t", "aborted", 60);
        producer.AbortTransaction();

        Assert.Empty(_h.Read("t"));
        Assert.Equal(60, _h.Read("t", IsolationLevel.ReadUncommitted).Count);

        producer.BeginTransaction();
        ProduceValues(producer, "t", "kept", 10);
        producer.CommitTransaction();

        var committed = _h.Read("t");
        Assert.Equal(10, committed.Count);
        Assert.All(committed, v => Assert.StartsWith("kept", v));
    }

    [Fact]
    public void Abort_DropsRecordsNotYetSent_AndFailsTheirDeliveries()
    {
        _h.CreateTopic("t", 1);
        using var producer = _h.Producer(new ProducerConfig { TransactionalId = "tx", LingerMs = 60_000 });
        producer.InitTransactions(TimeSpan.FromSeconds(10));
        producer.BeginTransaction();
        var delivery = producer.ProduceAsync("t", M("lingering"));
        producer.AbortTransaction();

        var error = Assert.ThrowsAny<StreamingException>(() => delivery.GetAwaiter().GetResult());
        Assert.IsType<TransactionAbortedException>(error);
        Assert.Equal(0, _h.Log("t", 0).LogEndOffset);
    }

    [Fact]
    public async Task ReadCommitted_WaitsAtTheLastStableOffset_AndMovesOnAtCommit()
    {
        _h.CreateTopic("t", 1);
        using (var plain = _h.Producer()) ProduceValues(plain, "t", "before", 5);
        using var producer = _h.TransactionalProducer("tx");
        producer.BeginTransaction();
        ProduceValues(producer, "t", "txn", 5);
        using (var plain = _h.Producer()) ProduceValues(plain, "t", "after", 5); // behind the open transaction

        using var consumer = _h.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest, IsolationLevel = IsolationLevel.ReadCommitted });
        var tp = new TopicPartition("t", 0);
        consumer.Assign([new TopicPartitionOffset(tp, Offset.Beginning)]);
        var seen = new List<string?>();
        while (consumer.Consume(TimeSpan.FromMilliseconds(300)) is { } r) seen.Add(r.Message.Value);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"before{i}"), seen);
        Assert.Equal(5, consumer.Position(tp).Value);
        Assert.Equal(5, _h.Log("t", 0).LastStableOffset);
        Assert.Equal(5, consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(1)).High.Value);

        // The consumer waits at the LSO; the commit marker wakes it.
        var rest = Task.Run(() =>
        {
            var values = new List<string?>();
            while (values.Count < 10) values.Add(consumer.Consume(TimeSpan.FromSeconds(10))?.Message.Value ?? throw new TimeoutException("no record after the commit"));
            return values;
        });
        producer.CommitTransaction();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"txn{i}").Concat(Enumerable.Range(0, 5).Select(i => $"after{i}")), await rest);
    }

    [Fact]
    public void CommitSpanningThreeTopicsAndOffsets_IsAtomic()
    {
        _h.CreateTopic("in", 2);
        foreach (var t in new[] { "a", "b", "c" }) _h.CreateTopic(t, 2);
        using (var plain = _h.Producer()) ProduceValues(plain, "in", "input", 20);
        var groupOffsets = new[] { new TopicPartitionOffset("in", 0, 7), new TopicPartitionOffset("in", 1, 3) };

        using var producer = _h.TransactionalProducer("tx");
        foreach (bool commit in new[] { false, true })
        {
            producer.BeginTransaction();
            foreach (var t in new[] { "a", "b", "c" }) ProduceValues(producer, t, $"{t}-{commit}-", 10);
            producer.SendOffsetsToTransaction(groupOffsets, ConsumerGroupMetadata.ForGroup("g"), TimeSpan.FromSeconds(10));

            // Open: nothing of it is visible, and the group's offsets are pending, not committed.
            Assert.All(new[] { "a", "b", "c" }, t => Assert.DoesNotContain(_h.Read(t), v => v!.Contains(commit.ToString(), StringComparison.Ordinal)));
            Assert.Null(_h.Broker.Groups.Offsets.Get("g", new TopicPartition("in", 0)));
            Assert.True(_h.Broker.Groups.Offsets.HasPendingTransactionalOffset("g", new TopicPartition("in", 0)));

            if (commit) producer.CommitTransaction();
            else producer.AbortTransaction();
            Assert.False(_h.Broker.Groups.Offsets.HasPendingTransactionalOffset("g", new TopicPartition("in", 0)));
        }

        foreach (var t in new[] { "a", "b", "c" })
        {
            var values = _h.Read(t);
            Assert.Equal(10, values.Count);
            Assert.All(values, v => Assert.StartsWith($"{t}-True-", v));
        }
        Assert.Equal(7, _h.Broker.Groups.Offsets.Get("g", new TopicPartition("in", 0))!.Value.Offset);
        Assert.Equal(3, _h.Broker.Groups.Offsets.Get("g", new TopicPartition("in", 1))!.Value.Offset);
    }

    [Fact]
    public void AbortedOffsets_AreNeverCommitted_EvenAfterRestart()
    {
        _h.CreateTopic("in", 1);
        using (var producer = _h.TransactionalProducer("tx"))
        {
            producer.BeginTransaction();
            producer.SendOffsetsToTransaction([new TopicPartitionOffset("in", 0, 5)], ConsumerGroupMetadata.ForGroup("g"), TimeSpan.FromSeconds(10));
            producer.CommitTransaction();
            producer.BeginTransaction();
            producer.SendOffsetsToTransaction([new TopicPartitionOffset("in", 0, 9)], ConsumerGroupMetadata.ForGroup("g"), TimeSpan.FromSeconds(10));
            producer.AbortTransaction();
        }
        Assert.Equal(5, _h.Broker.Groups.Offsets.Get("g", new TopicPartition("in", 0))!.Value.Offset);
        _h.Restart();
        Assert.Equal(5, _h.Broker.Groups.Offsets.Get("g", new TopicPartition("in", 0))!.Value.Offset);
        _h.CrashAndReopen();
        Assert.Equal(5, _h.Broker.Groups.Offsets.Get("g", new TopicPartition("in", 0))!.Value.Offset);
    }

    [Fact]
    public void ZombieFencing_OlderInstanceIsFenced_AndNoneOfItsWritesBecomeVisible()
    {
        _h.CreateTopic("t", 2);
        using var zombie = _h.TransactionalProducer("tx");
        zombie.BeginTransaction();
        ProduceValues(zombie, "t", "zombie-before", 10);

        using var successor = _h.TransactionalProducer("tx"); // fences the zombie and aborts its open transaction
        Assert.Equal(TransactionState.Empty, _h.Broker.Transactions.Describe("tx")!.Value.State);

        // The zombie's later writes go nowhere: partitions refuse its epoch, the coordinator calls it fenced.
        var late = zombie.ProduceAsync(new TopicPartition("t", 0), M("zombie-after"));
        Assert.ThrowsAny<StreamingException>(() => late.GetAwaiter().GetResult());
        Assert.Throws<ProducerFencedException>(() => zombie.CommitTransaction());
        Assert.Throws<ProducerFencedException>(() => zombie.Produce("t", M("x")));
        Assert.Throws<ProducerFencedException>(() => zombie.BeginTransaction());
        Assert.Throws<ProducerFencedException>(() => zombie.AbortTransaction());
        // A partition the zombie never wrote to before the fence: the coordinator refuses to add it.
        _h.CreateTopic("u", 1);
        using var other = _h.TransactionalProducer("tx2");
        var (zombieId, zombieEpoch, _, _) = (((InProcessProducer<string?, string?>)zombie).ProducerId, ((InProcessProducer<string?, string?>)zombie).ProducerEpoch, 0, 0);
        Assert.Throws<ProducerFencedException>(() => _h.Broker.Transactions.AddPartitionsAsync("tx", zombieId, zombieEpoch, [new TopicPartition("u", 0)]).GetAwaiter().GetResult());

        successor.BeginTransaction();
        ProduceValues(successor, "t", "successor", 4);
        successor.CommitTransaction();

        var visible = _h.Read("t");
        Assert.Equal(4, visible.Count);
        Assert.All(visible, v => Assert.StartsWith("successor", v));
        Assert.Empty(_h.Read("u"));
        Assert.DoesNotContain("zombie-after", _h.Read("t", IsolationLevel.ReadUncommitted));
    }

    [Fact]
    public void TransactionTimeout_AbortsTheTransaction_AndTheProducerGoesOnAfterAborting()
    {
        var time = BrokerHarness.FakeTime();
        using var h = new BrokerHarness(o =>
        {
            TransactionTestSupport.SmallInternalTopics(o);
            o.TransactionTimeoutCheckInterval = TimeSpan.FromSeconds(1);
        }, time);
        h.CreateTopic("t", 1);
        using var producer = h.TransactionalProducer("tx", timeoutMs: 5_000);
        producer.BeginTransaction();
        ProduceValues(producer, "t", "forgotten", 3);

        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TransactionState.Ongoing, h.Broker.Transactions.Describe("tx")!.Value.State);
        time.Advance(TimeSpan.FromSeconds(2)); // past 5 s: the timer aborts it

        Assert.Equal(TransactionState.CompleteAbort, h.Broker.Transactions.Describe("tx")!.Value.State);
        Assert.Equal(h.Log("t", 0).LogEndOffset, h.Log("t", 0).LastStableOffset);
        Assert.Empty(h.Read("t"));

        var error = Assert.Throws<TransactionAbortableException>(() => producer.CommitTransaction());
        Assert.Contains("transaction.timeout.ms", error.Message);
        producer.AbortTransaction(); // takes a new epoch (KIP-588)
        producer.BeginTransaction();
        ProduceValues(producer, "t", "fresh", 2);
        producer.CommitTransaction();
        Assert.Equal(["fresh0", "fresh1"], h.Read("t"));
    }

    [Fact]
    public void Coordinator_AfterCrash_AbortsAnOpenTransaction_WhenItsIdReturns()
    {
        _h.CreateTopic("t", 1);
        var producer = _h.TransactionalProducer("tx");
        producer.BeginTransaction();
        ProduceValues(producer, "t", "open", 5);

        _h.CrashAndReopen();
        producer.Dispose(); // its broker is gone; nothing to abort there

        var state = _h.Broker.Transactions.Describe("tx")!.Value;
        Assert.Equal(TransactionState.Ongoing, state.State);
        Assert.Contains(new TopicPartition("t", 0), state.Partitions);
        Assert.Equal(0, _h.Log("t", 0).LastStableOffset); // the open transaction still holds the partition

        using var successor = _h.TransactionalProducer("tx");
        Assert.Equal(_h.Log("t", 0).LogEndOffset, _h.Log("t", 0).LastStableOffset);
        Assert.Empty(_h.Read("t"));
    }

    [Fact]
    public void Coordinator_AfterCrashBetweenDecisionAndMarkers_CompletesTheCommitOnStart()
    {
        _h.CreateTopic("t", 2);
        _h.CreateTopic("in", 1);
        var producer = _h.TransactionalProducer("tx");
        producer.BeginTransaction();
        ProduceValues(producer, "t", "decided", 8);
        producer.SendOffsetsToTransaction([new TopicPartitionOffset("in", 0, 4)], ConsumerGroupMetadata.ForGroup("g"), TimeSpan.FromSeconds(10));
        _h.Broker.Transactions.AfterPrepareForTests = _ => throw new InvalidOperationException("simulated crash after the commit decision");
        Assert.Throws<InvalidOperationException>(() => producer.CommitTransaction());

        _h.CrashAndReopen();
        producer.Dispose();

        Assert.Equal(TransactionState.CompleteCommit, _h.Broker.Transactions.Describe("tx")!.Value.State);
        Assert.Equal(8, _h.Read("t").Count);
        Assert.Equal(4, _h.Broker.Groups.Offsets.Get("g", new TopicPartition("in", 0))!.Value.Offset);
    }

    [Fact]
    public void AbortedTransactions_StayHidden_AfterCleanRestartCrashAndSegmentRolls()
    {
        _h.CreateTopic("t", 1, new Dictionary<string, string> { ["segment.bytes"] = "2048" });
        using (var producer = _h.TransactionalProducer("tx"))
        {
            for (int round = 0; round < 6; round++)
            {
                producer.BeginTransaction();
                ProduceValues(producer, "t", $"r{round}-{new string('x', 100)}-", 10);
                if (round % 2 == 0) producer.AbortTransaction();
                else producer.CommitTransaction();
            }
        }
        Assert.True(_h.Log("t", 0).SegmentCount > 2);
        Assert.True(Directory.GetFiles(_h.Log("t", 0).Directory, "*.txnindex").Length > 0);

        static void AssertOnlyOddRounds(List<string?> values)
        {
            Assert.Equal(30, values.Count);
            Assert.All(values, v => Assert.True(int.Parse(v!.AsSpan(1, 1), provider: null) % 2 == 1, v));
        }
        AssertOnlyOddRounds(_h.Read("t"));
        _h.Restart();
        AssertOnlyOddRounds(_h.Read("t"));
        _h.CrashAndReopen();
        AssertOnlyOddRounds(_h.Read("t"));
        // Damaged or missing index files are rebuilt from the markers after an unclean stop.
        foreach (var file in Directory.GetFiles(_h.Log("t", 0).Directory, "*.txnindex")) File.Delete(file);
        _h.CrashAndReopen();
        AssertOnlyOddRounds(_h.Read("t"));
    }

    [Fact]
    public void Compaction_DropsAbortedRecords_AndKeepsTheCommittedValueTheyWouldHaveShadowed()
    {
        _h.CreateTopic("c", 1, new Dictionary<string, string> { ["cleanup.policy"] = "compact", ["segment.bytes"] = "1024", ["min.cleanable.dirty.ratio"] = "0.01" });
        using (var producer = _h.TransactionalProducer("tx"))
        {
            producer.BeginTransaction();
            ProduceValues(producer, "c", "committed", 5);
            producer.CommitTransaction();
            producer.BeginTransaction();
            ProduceValues(producer, "c", "aborted", 5);
            producer.AbortTransaction();
            for (int i = 0; i < 10; i++)
            {
                producer.BeginTransaction();
                producer.Produce("c", M($"filler{i}", $"other{i}"));
                producer.CommitTransaction();
            }
        }
        var result = _h.Broker.RunLogCleaner();
        Assert.True(result.RecordsRemoved >= 5, $"the cleaner removed {result.RecordsRemoved} records");
        var values = _h.Read("c");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"committed{i}"), values.Where(v => v!.StartsWith("committed", StringComparison.Ordinal)));
        Assert.DoesNotContain(_h.Read("c", IsolationLevel.ReadUncommitted), v => v!.StartsWith("aborted", StringComparison.Ordinal));
    }

    [Fact]
    public void RetriedTransactionalBatch_IsNeverDuplicated()
    {
        _h.CreateTopic("t", 1);
        using var producer = _h.TransactionalProducer("tx");
        ((InProcessProducer<string?, string?>)producer).LoseAcknowledgementForTests = _ => true;
        producer.BeginTransaction();
        ProduceValues(producer, "t", "once", 20);
        producer.CommitTransaction();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"once{i}"), _h.Read("t"));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"once{i}"), _h.Read("t", IsolationLevel.ReadUncommitted));
    }

    [Fact]
    public void OpenTransaction_SurvivesACleanRestart_ThroughTheProducerStateSnapshot()
    {
        _h.CreateTopic("t", 1);
        using (var plain = _h.Producer()) ProduceValues(plain, "t", "plain", 3);
        var producer = _h.TransactionalProducer("tx");
        producer.BeginTransaction();
        ProduceValues(producer, "t", "open", 4);
        ((InProcessProducer<string?, string?>)producer).AbandonTransactionForTests();
        producer.Dispose();

        _h.Restart();
        Assert.True(_h.Broker.WasCleanStart);
        Assert.Equal(3, _h.Log("t", 0).LastStableOffset);
        Assert.Single(_h.Log("t", 0).OpenTransactions());
        Assert.Equal(["plain0", "plain1", "plain2"], _h.Read("t"));

        using var successor = _h.TransactionalProducer("tx"); // aborts it
        Assert.Empty(_h.Log("t", 0).OpenTransactions());
        Assert.Equal(["plain0", "plain1", "plain2"], _h.Read("t"));
    }
}
