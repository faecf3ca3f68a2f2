using Streaming.Broker.Log;
using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.Transactions;

/// <summary>Helpers shared by the transaction tests: transactional producers and read_committed reads.</summary>
internal static class TransactionTestSupport
{
    /// <summary>Broker options that keep the internal topics small, so each test starts fast.</summary>
    public static void SmallInternalTopics(EmbeddedBrokerOptions options)
    {
        options.OffsetsTopicPartitions = 3;
        options.TransactionStateTopicPartitions = 3;
        options.GroupInitialRebalanceDelay = TimeSpan.Zero;
    }

    public static IProducer<string?, string?> TransactionalProducer(this BrokerHarness h, string transactionalId, int? timeoutMs = null, bool init = true)
    {
        var producer = h.Producer(new ProducerConfig { TransactionalId = transactionalId, LingerMs = 0, TransactionTimeoutMs = timeoutMs });
        if (init) producer.InitTransactions(TimeSpan.FromSeconds(10));
        return producer;
    }

    /// <summary>
    /// Reads a topic from the beginning with the given isolation level until every partition's position reaches its end
    /// for that level (the last stable offset for read_committed); returns the values read.
    /// </summary>
    public static List<string?> Read(this BrokerHarness h, string topic, IsolationLevel isolation = IsolationLevel.ReadCommitted)
    {
        using var consumer = h.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest, IsolationLevel = isolation });
        var partitions = h.Broker.Topics.Get(topic).Partitions;
        var tps = Enumerable.Range(0, partitions.Length).Select(p => new TopicPartition(topic, p)).ToArray();
        consumer.Assign(tps.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        long End(TopicPartition tp) => isolation == IsolationLevel.ReadCommitted ? partitions[tp.Partition].LastStableOffset : partitions[tp.Partition].LogEndOffset;
        var values = new List<string?>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (tps.Any(tp => consumer.Position(tp).Value < End(tp)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"reading '{topic}' did not reach its end");
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } r) values.Add(r.Message.Value);
        }
        return values;
    }

    public static PartitionLog Log(this BrokerHarness h, string topic, int partition) => h.Broker.Topics.Get(topic).Partitions[partition];
}
