using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.InProcess;

/// <summary>read_committed consumers: records of aborted transactions are skipped, committed ones delivered.</summary>
public sealed class ReadCommittedConsumerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly BrokerHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Consume_FetchStartsAtAbortMarker_DeliversTheProducersLaterCommittedTransaction()
    {
        // A fetch that starts exactly at an abort marker (after a fetch that ended just before it: a segment boundary, a
        // size limit, a seek) still sees that transaction in the aborted index; the marker must close it, or every later
        // batch of the same producer in that fetch is dropped as aborted.
        _h.CreateTopic("rc", 1);
        using var producer = _h.Producer(new ProducerConfig { LingerMs = 0, TransactionalId = "rc-id" });
        producer.InitTransactions(Timeout);
        producer.BeginTransaction();
        await producer.ProduceAsync("rc", new Message<string?, string?> { Key = "k", Value = "aborted" });
        producer.AbortTransaction(Timeout);
        var log = _h.Broker.Topics.Get("rc").Partitions[0];
        long marker = log.LogEndOffset - 1;
        producer.BeginTransaction();
        await producer.ProduceAsync("rc", new Message<string?, string?> { Key = "k", Value = "committed" });
        producer.CommitTransaction(Timeout);

        using var consumer = _h.Consumer(new ConsumerConfig { IsolationLevel = IsolationLevel.ReadCommitted });
        consumer.Assign([new TopicPartitionOffset("rc", 0, marker)]);
        var result = consumer.Consume(Timeout);

        Assert.NotNull(result);
        Assert.Equal("committed", result.Message.Value);
    }

    [Fact]
    public async Task Consume_FromBeginningAfterAbortAndCommit_DeliversOnlyTheCommittedRecord()
    {
        // The control for the test above: read from the start, the aborted record is skipped and the committed one read.
        _h.CreateTopic("rc-all", 1);
        using var producer = _h.Producer(new ProducerConfig { LingerMs = 0, TransactionalId = "rc-all-id" });
        producer.InitTransactions(Timeout);
        producer.BeginTransaction();
        await producer.ProduceAsync("rc-all", new Message<string?, string?> { Key = "k", Value = "aborted" });
        producer.AbortTransaction(Timeout);
        producer.BeginTransaction();
        await producer.ProduceAsync("rc-all", new Message<string?, string?> { Key = "k", Value = "committed" });
        producer.CommitTransaction(Timeout);

        using var consumer = _h.Consumer(new ConsumerConfig { IsolationLevel = IsolationLevel.ReadCommitted });
        consumer.Assign([new TopicPartitionOffset("rc-all", 0, Offset.Beginning)]);
        var result = consumer.Consume(Timeout);

        Assert.NotNull(result);
        Assert.Equal("committed", result.Message.Value);
        Assert.Equal(2, result.Offset.Value); // aborted record 0, its marker 1, then the committed record
    }
}
