using Streaming.Broker;

namespace Streaming.Streams.Tests.Runtime;

/// <summary>An embedded broker in a temporary directory, with helpers to create topics, produce input and read output.</summary>
internal sealed class BrokerFixture : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "streaming-streams-e2e", Guid.NewGuid().ToString("N"));

    public BrokerFixture()
    {
        Broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions
        {
            DataDirectory = Path.Combine(_root, "broker"),
            AutoCreateTopics = false,
            GroupInitialRebalanceDelay = TimeSpan.Zero,
            TransactionStateTopicPartitions = 4,
            OffsetsTopicPartitions = 4,
        });
    }

    public EmbeddedBroker Broker { get; }

    /// <summary>A fresh state directory for one instance.</summary>
    public string NewStateDirectory() => Path.Combine(_root, "state-" + Guid.NewGuid().ToString("N")[..8]);

    public void CreateTopic(string name, int partitions)
    {
        using IAdminClient admin = Broker.CreateAdminClient(new AdminClientConfig());
        admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = partitions }]).GetAwaiter().GetResult();
    }

    public void Produce<TKey, TValue>(string topic, IEnumerable<(TKey Key, TValue Value, long Timestamp)> records)
    {
        using IProducer<TKey, TValue> producer = new ProducerBuilder<TKey, TValue>(Broker, new ProducerConfig { Acks = Acks.All }).Build();
        foreach ((TKey key, TValue value, long ts) in records)
            producer.Produce(topic, new Message<TKey, TValue> { Key = key, Value = value, Timestamp = new Timestamp(ts) });
        producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>Everything in <paramref name="topic"/> up to its end now, partition by partition (read_committed: only committed transactions).</summary>
    public List<ConsumeResult<TKey, TValue>> ReadAll<TKey, TValue>(string topic, bool readCommitted = true)
    {
        var config = new ConsumerConfig { IsolationLevel = readCommitted ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted, EnableAutoCommit = false };
        using IConsumer<TKey, TValue> consumer = new ConsumerBuilder<TKey, TValue>(Broker, config).Build();
        using IAdminClient admin = Broker.CreateAdminClient(new AdminClientConfig());
        int partitions = admin.DescribeTopicsAsync([topic]).GetAwaiter().GetResult()[0].Partitions.Count;
        var result = new List<ConsumeResult<TKey, TValue>>();
        for (int p = 0; p < partitions; p++)
        {
            var tp = new TopicPartition(topic, p);
            long end = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
            consumer.Assign([new TopicPartitionOffset(tp, Offset.Beginning)]);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                Offset position = consumer.Position(tp);
                if (position.Value >= end) break;
                ConsumeResult<TKey, TValue>? r = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (r is null || r.IsPartitionEOF) continue;
                result.Add(r);
            }
        }
        return result;
    }

    /// <summary>The last value of each key in <paramref name="topic"/>.</summary>
    public Dictionary<TKey, TValue> LatestByKey<TKey, TValue>(string topic, bool readCommitted = true) where TKey : notnull
    {
        var latest = new Dictionary<TKey, TValue>();
        foreach (var r in ReadAll<TKey, TValue>(topic, readCommitted)) latest[r.Message.Key] = r.Message.Value;
        return latest;
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) => WaitUntilAsync(condition, timeout, () => what);

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"timed out after {timeout} waiting for {what()}");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        Broker.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
