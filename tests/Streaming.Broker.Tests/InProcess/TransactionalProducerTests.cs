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
}
