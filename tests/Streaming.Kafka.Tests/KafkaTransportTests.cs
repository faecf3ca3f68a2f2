using Streaming.Contract;
using Streaming.Kafka.Tests.Mock;

namespace Streaming.Kafka.Tests;

/// <summary>What only the Kafka transport has to show: librdkafka's behaviours mapped to the framework's.</summary>
public sealed class KafkaTransportTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    [Fact]
    public void Name_IsKafka() => Assert.Equal("kafka", fixture.Transport.Name);

    [Fact]
    public void Build_KeyLibrdkafkaDoesNotKnow_ThrowsInvalidConfigurationNamingIt()
    {
        var config = new ProducerConfig();
        config.Set("no.such.setting", "1");
        Assert.Contains("no.such.setting", Assert.Throws<InvalidConfigurationException>(() => fixture.Producer(config)).Message);
        var consumer = new ConsumerConfig();
        consumer.Set("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        Assert.Contains("key.deserializer", Assert.Throws<InvalidConfigurationException>(() => fixture.Consumer(consumer)).Message);
    }

    [Fact]
    public void Build_CustomAssignorNamedInTheStrategy_RunsTheGroupMembershipItself()
    {
        using var consumer = new ConsumerBuilder<string, string>(fixture.Transport, new ConsumerConfig { GroupId = "g", PartitionAssignmentStrategy = "tasks" })
            .AddPartitionAssignor(new TaskAssignor()).Build();
        Assert.NotNull(((Consumer.KafkaConsumer<string, string>)consumer).Membership);
        Assert.Null(consumer.MemberId);
        // Not subscribed: metadata without membership, as for any consumer with a group.id.
        Assert.Equal(ConsumerGroupMetadata.ForGroup("g"), consumer.ConsumerGroupMetadata);
    }

    [Fact]
    public void Produce_BufferFullForMaxBlockMs_ThrowsBufferExhausted()
    {
        // Nothing listens on port 1 of loopback: records stay queued, and 2 KiB of buffer.memory fills at once.
        var unreachable = new KafkaTransport(new KafkaTransportOptions { BootstrapServers = "127.0.0.1:1" });
        using var producer = new ProducerBuilder<string?, string?>(unreachable, new ProducerConfig
        {
            BufferMemory = 2048, MaxBlockMs = 300, LingerMs = 0, Acks = Acks.Leader, EnableIdempotence = false,
        }.With("delivery.timeout.ms", "1000")).Build();
        var value = new string('x', 1500);
        var started = DateTime.UtcNow;
        var ex = Assert.Throws<BufferExhaustedException>(() =>
        {
            for (int i = 0; i < 10; i++) producer.Produce("t", new Message<string?, string?> { Value = value });
        });
        Assert.Contains("max.block.ms (300 ms)", ex.Message);
        Assert.Contains("buffer.memory (2048 bytes)", ex.Message);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        Assert.True(ex.IsRetriable);
    }

    [Fact]
    public async Task Produce_KeylessRecords_StickToAPartitionForAWhileInsteadOfSpreadingEach()
    {
        string topic = fixture.NewTopic(6);
        using var producer = fixture.Producer(new ProducerConfig { LingerMs = 200 });
        // librdkafka sticks only to a partition whose leader it is connected to: connect to the brokers first.
        foreach (var partition in Enumerable.Range(0, 6))
            await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<string?, string?> { Value = "warm-up" });
        var reports = new System.Collections.Concurrent.ConcurrentQueue<DeliveryReport<string?, string?>>();
        for (int i = 0; i < 120; i++) producer.Produce(topic, new Message<string?, string?> { Value = $"{i}" }, reports.Enqueue);
        Assert.Equal(0, producer.Flush(Timeouts.Record));
        Assert.Equal(120, reports.Count);
        var partitions = reports.Where(r => r.Message.Value != "warm-up").OrderBy(r => int.Parse(r.Message.Value!, System.Globalization.CultureInfo.InvariantCulture)).Select(r => r.Partition).ToArray();
        int runs = 1 + partitions.Zip(partitions.Skip(1)).Count(p => p.First != p.Second);
        // Random per record (librdkafka's default for keyless records) would switch partitions ~100 times.
        Assert.InRange(runs, 1, 5);
    }

    [Fact]
    public void Subscribe_TopicThatDoesNotExist_SurfacesUnknownTopicOrPartition()
    {
        using var consumer = fixture.Consumer(new ConsumerConfig { GroupId = fixture.UniqueName("g") });
        consumer.Subscribe(fixture.UniqueName("missing"));
        var deadline = DateTime.UtcNow + Timeouts.Group;
        StreamingException? error = null;
        while (error is null && DateTime.UtcNow < deadline)
        {
            try
            {
                consumer.Consume(Timeouts.Poll);
            }
            catch (StreamingException ex)
            {
                error = ex;
            }
        }
        Assert.IsType<UnknownTopicOrPartitionException>(error);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, error.Code);
    }

    [Fact]
    public void Assign_ThenKeyedProduce_SamePartitionAsTheInProcessPartitioner()
    {
        string topic = fixture.NewTopic(5);
        using var producer = fixture.Producer();
        var keys = Enumerable.Range(0, 40).Select(i => $"order-{i * 7919}").ToArray();
        foreach (var key in keys) producer.Produce(topic, new Message<string?, string?> { Key = key, Value = key });
        Assert.Equal(0, producer.Flush(Timeouts.Record));
        var read = fixture.ReadAll(Enumerable.Range(0, 5).Select(p => new TopicPartition(topic, p)), keys.Length);
        Assert.All(read, r => Assert.Equal(Partitioners.ForKey(System.Text.Encoding.UTF8.GetBytes(r.Message.Key!), 5), r.Partition));
    }

    private sealed class TaskAssignor : IPartitionAssignor
    {
        public string Name => "tasks";

        public RebalanceProtocol Protocol => RebalanceProtocol.Cooperative;

        public IReadOnlyDictionary<string, MemberAssignment> Assign(IReadOnlyDictionary<string, int> partitionCounts, IReadOnlyDictionary<string, GroupSubscription> subscriptions)
            => throw new NotSupportedException();
    }
}

internal static class ConfigExtensions
{
    public static T With<T>(this T config, string key, string value) where T : ClientConfig
    {
        config.Set(key, value);
        return config;
    }
}
