using Streaming.Broker.Tests.Groups;
using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.Transactions;

/// <summary>The exactly-once consume-transform-produce loop on the embedded broker.</summary>
public sealed class ExactlyOnceProcessorTests : IDisposable
{
    private readonly BrokerHarness _h = new(TransactionTestSupport.SmallInternalTopics);

    public void Dispose() => _h.Dispose();

    private void Seed(string topic, int count)
    {
        using var producer = _h.Producer(new ProducerConfig { LingerMs = 5 });
        for (int i = 0; i < count; i++) producer.Produce(topic, new Message<string?, string?> { Key = $"k{i}", Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        producer.Flush();
    }

    private ExactlyOnceProcessor<string, string, string, string> Processor(string transactionalId, Action<ConsumeResult<string, string>>? onRecord = null)
        => new(_h.Broker, new ExactlyOnceProcessorOptions
        {
            Consumer = new ConsumerConfig { GroupId = "copy", AutoOffsetReset = AutoOffsetReset.Earliest, SessionTimeoutMs = 10_000, HeartbeatIntervalMs = 500 },
            Producer = new ProducerConfig { TransactionalId = transactionalId },
            InputTopics = ["in"],
            CommitInterval = TimeSpan.FromMilliseconds(50),
        }, (record, output) =>
        {
            onRecord?.Invoke(record);
            output.Produce("out", new Message<string, string> { Key = record.Message.Key, Value = "copy-" + record.Message.Value });
        });

    private bool Drained(int partitions) => Enumerable.Range(0, partitions).All(p =>
        _h.Broker.Groups.Offsets.Get("copy", new TopicPartition("in", p))?.Offset == _h.Log("in", p).LogEndOffset);

    private void AssertExactlyOnce(int count)
    {
        var values = _h.Read("out");
        Assert.Equal(count, values.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"copy-{i}").Order(StringComparer.Ordinal), values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_CopiesEveryRecordOnce_AndCommitsTheInputOffsets()
    {
        _h.CreateTopic("in", 3);
        _h.CreateTopic("out", 3);
        Seed("in", 3_000);
        var processor = Processor("copy-1");
        using var cts = new CancellationTokenSource();
        var run = processor.RunAsync(cts.Token);
        Assert.True(PollingConsumer.WaitUntil(() => Drained(3) || run.IsCompleted, TimeSpan.FromSeconds(30)));
        await cts.CancelAsync();
        await run;

        AssertExactlyOnce(3_000);
        Assert.True(processor.CommittedTransactions > 0);
        Assert.Equal(0, processor.AbortedTransactions);
    }

    [Fact]
    public async Task Rebalance_AbortsTheOpenTransaction_AndTheGroupStillCopiesEachRecordOnce()
    {
        _h.CreateTopic("in", 4);
        _h.CreateTopic("out", 4);
        Seed("in", 4_000);
        // At its 300th record — inside an open transaction — the first processor starts the second and waits until the
        // group is rebalancing, so the rebalance reaches it with the transaction open.
        using var cts = new CancellationTokenSource();
        ExactlyOnceProcessor<string, string, string, string>? second = null;
        Task? run2 = null;
        int seen = 0;
        var first = Processor("copy-1", _ =>
        {
            if (++seen != 300) return;
            second = Processor("copy-2");
            run2 = second.RunAsync(cts.Token);
            Assert.True(PollingConsumer.WaitUntil(() => _h.Broker.Groups.TryGetGroup("copy", out var g) && g.State == ConsumerGroupState.PreparingRebalance, TimeSpan.FromSeconds(10)));
        });
        var run1 = first.RunAsync(cts.Token);
        Assert.True(PollingConsumer.WaitUntil(() => run2 is not null || run1.IsCompleted, TimeSpan.FromSeconds(30)));
        Assert.True(PollingConsumer.WaitUntil(() => Drained(4) || run1.IsCompleted || run2!.IsCompleted, TimeSpan.FromSeconds(60)));
        await cts.CancelAsync();
        await Task.WhenAll(run1, run2!);

        AssertExactlyOnce(4_000);
        Assert.True(first.AbortedTransactions > 0, "the rebalance should have aborted the open transaction");
        Assert.True(second!.ProcessedRecords > 0, "the second processor should have taken partitions over");
    }

    [Fact]
    public async Task Restart_WithTheSameTransactionalId_FencesAndAbortsWhatTheDeadInstanceLeftOpen()
    {
        _h.CreateTopic("in", 2);
        _h.CreateTopic("out", 2);
        Seed("in", 1_000);
        // A "dead" instance: it opened a transaction, wrote results, and never ended it.
        using (var dead = _h.TransactionalProducer("copy-1"))
        {
            dead.BeginTransaction();
            dead.Produce("out", new Message<string?, string?> { Value = "orphan" });
            dead.Flush();
            ((Streaming.Broker.InProcess.InProcessProducer<string?, string?>)dead).AbandonTransactionForTests();
        }
        Assert.Equal(Streaming.Broker.Transactions.TransactionState.Ongoing, _h.Broker.Transactions.Describe("copy-1")!.Value.State);

        var processor = Processor("copy-1");
        using var cts = new CancellationTokenSource();
        var run = processor.RunAsync(cts.Token);
        Assert.True(PollingConsumer.WaitUntil(() => Drained(2) || run.IsCompleted, TimeSpan.FromSeconds(30)));
        await cts.CancelAsync();
        await run;
        AssertExactlyOnce(1_000);
    }

    [Fact]
    public async Task Fencing_MidRun_AbortsTheOpenTransaction_AndTheProcessorGoesOnWithANewProducer()
    {
        _h.CreateTopic("in", 2);
        _h.CreateTopic("out", 2);
        Seed("in", 2_000);
        using var cts = new CancellationTokenSource();
        int seen = 0;
        var processor = Processor("copy-1", _ =>
        {
            // Inside an open transaction: another producer takes the transactional id over (fencing this one).
            if (++seen == 300)
            {
                using var usurper = _h.TransactionalProducer("copy-1");
            }
        });
        var run = processor.RunAsync(cts.Token);
        Assert.True(PollingConsumer.WaitUntil(() => Drained(2) || run.IsCompleted, TimeSpan.FromSeconds(30)));
        await cts.CancelAsync();
        await run;

        AssertExactlyOnce(2_000);
        Assert.True(processor.AbortedTransactions > 0);
    }
}
