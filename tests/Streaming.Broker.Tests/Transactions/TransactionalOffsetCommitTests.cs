using Streaming.Broker.Groups;
using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.Transactions;

/// <summary>Offsets committed inside a transaction (SendOffsetsToTransaction): visible at commit, dropped at abort.</summary>
public sealed class TransactionalOffsetCommitTests : IDisposable
{
    private readonly BrokerHarness _h = new();

    public void Dispose() => _h.Dispose();

    private IProducer<string?, string?> TransactionalProducer(string transactionalId)
    {
        var producer = _h.Producer(new ProducerConfig { LingerMs = 0, TransactionalId = transactionalId });
        producer.InitTransactions(TimeSpan.FromSeconds(10));
        return producer;
    }

    [Fact]
    public void SendOffsetsToTransaction_FirstOffsetsEverOnTheBroker_CommitsThemWithTheTransaction()
    {
        // No offset was ever committed on this broker, so __consumer_offsets does not exist yet: the transaction's first
        // SendOffsetsToTransaction must create it (as Kafka's coordinator lookup does), not fail with an unknown partition.
        _h.CreateTopic("in", 1);
        _h.CreateTopic("out", 1);
        Assert.False(_h.Broker.Topics.TryGet(OffsetStore.TopicName, out _));
        using var producer = TransactionalProducer("offsets-first");
        var input = new TopicPartition("in", 0);

        producer.BeginTransaction();
        producer.Produce("out", new Message<string?, string?> { Key = "k", Value = "v" });
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(input, 42)], ConsumerGroupMetadata.ForGroup("g"), TimeSpan.FromSeconds(10));
        producer.CommitTransaction(TimeSpan.FromSeconds(10));

        Assert.Equal(42, _h.Broker.Groups.Offsets.Get("g", input)?.Offset);
        Assert.False(_h.Broker.Groups.Offsets.HasPendingTransactionalOffset("g", input));
    }
}
