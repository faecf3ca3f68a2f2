using Microsoft.Extensions.Time.Testing;
using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.InProcess;

/// <summary>The transactional producer's API: the errors it reports are the documented types, never wrapped.</summary>
public sealed class TransactionalProducerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly BrokerHarness _h = new();

    public void Dispose() => _h.Dispose();

    private IProducer<string?, string?> TransactionalProducer(string transactionalId)
    {
        var producer = _h.Producer(new ProducerConfig { LingerMs = 0, TransactionalId = transactionalId });
        producer.InitTransactions(Timeout);
        return producer;
    }

    [Fact]
    public async Task CommitTransaction_NewerInstanceTookOver_ThrowsProducerFencedException()
    {
        _h.CreateTopic("fenced", 1);
        using var zombie = TransactionalProducer("fenced-id");
        zombie.BeginTransaction();
        await zombie.ProduceAsync("fenced", new Message<string?, string?> { Key = "k", Value = "zombie" });

        using var successor = TransactionalProducer("fenced-id"); // bumps the epoch and aborts the zombie's transaction

        // The documented type, so callers (ExactlyOnceProcessor among them) can catch it; not an AggregateException.
        Assert.Throws<ProducerFencedException>(() => zombie.CommitTransaction(Timeout));
    }

    [Fact]
    public async Task SendOffsetsToTransaction_NewerInstanceTookOver_ThrowsProducerFencedException()
    {
        _h.CreateTopic("fenced-offsets", 1);
        using var zombie = TransactionalProducer("fenced-offsets-id");
        zombie.BeginTransaction();
        await zombie.ProduceAsync("fenced-offsets", new Message<string?, string?> { Key = "k", Value = "zombie" });

        using var successor = TransactionalProducer("fenced-offsets-id");

        Assert.Throws<ProducerFencedException>(() => zombie.SendOffsetsToTransaction(
            [new TopicPartitionOffset("fenced-offsets", 0, 1)], ConsumerGroupMetadata.ForGroup("g"), Timeout));
    }

    [Fact]
    public async Task AbortTransaction_AfterCoordinatorAbortedItForItsTimeout_BumpsEpochAndNextTransactionCommits()
    {
        // KIP-588: the coordinator aborts a transaction open past transaction.timeout.ms and bumps the epoch; the producer
        // hears it at commit (abortable, not fenced), aborts, takes the new epoch and goes on.
        FakeTimeProvider time = BrokerHarness.FakeTime();
        using var h = new BrokerHarness(time: time);
        h.CreateTopic("timed-out", 1);
        using var producer = h.Producer(new ProducerConfig { LingerMs = 0, TransactionalId = "timed-out-id", TransactionTimeoutMs = 1000 });
        producer.InitTransactions(Timeout);
        producer.BeginTransaction();
        await producer.ProduceAsync("timed-out", new Message<string?, string?> { Key = "k", Value = "too late" });
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, h.Broker.Transactions.RunTimeouts());

        Assert.Throws<TransactionAbortableException>(() => producer.CommitTransaction(Timeout));
        producer.AbortTransaction(Timeout);
        producer.BeginTransaction();
        await producer.ProduceAsync("timed-out", new Message<string?, string?> { Key = "k", Value = "in time" });
        producer.CommitTransaction(Timeout);

        using var consumer = h.Consumer(new ConsumerConfig { IsolationLevel = IsolationLevel.ReadCommitted });
        consumer.Assign([new TopicPartitionOffset("timed-out", 0, Offset.Beginning)]);
        var result = consumer.Consume(Timeout);
        Assert.NotNull(result);
        Assert.Equal("in time", result.Message.Value);
    }
}
