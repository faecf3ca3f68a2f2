using Streaming.Broker.Tests.TestSupport;
using Xunit;

namespace Streaming.Broker.Tests.Durability;

/// <summary>What clients see when the broker or a topic goes away under them.</summary>
public sealed class ShutdownTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private EmbeddedBroker OpenWithRecords(string topic, int count)
    {
        var broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = _directory.Path });
        using var producer = new ProducerBuilder<string, string>(broker, new ProducerConfig { Acks = Acks.All }).Build();
        for (int i = 0; i < count; i++) producer.Produce(topic, new Message<string, string> { Key = "k", Value = $"v{i}" });
        Assert.Equal(0, producer.Flush(Timeout));
        return broker;
    }

    [Fact]
    public void Consume_LogClosedByBrokerDispose_ThrowsInsteadOfHanging()
    {
        var broker = OpenWithRecords("t", 10);
        using var consumer = new ConsumerBuilder<string, string>(broker, new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Assign([new TopicPartition("t", 0)]);
        broker.Dispose();

        // Reading a closed log used to retry forever (it took the closed segment for one deleted by retention).
        var consume = Task.Run(() => consumer.Consume(TimeSpan.FromMilliseconds(100)));
        Assert.True(((IAsyncResult)consume).AsyncWaitHandle.WaitOne(Timeout), "Consume on a closed log did not return");
        var error = Assert.IsType<StorageException>(consume.Exception?.InnerException);
        Assert.Contains("closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consume_TopicDeletedUnderConsumer_ThrowsUnknownTopicOrPartitionInsteadOfHanging()
    {
        using var broker = OpenWithRecords("gone", 10);
        using var consumer = new ConsumerBuilder<string, string>(broker, new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Assign([new TopicPartition("gone", 0)]);
        using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
            await admin.DeleteTopicsAsync(["gone"]);

        var consume = Task.Run(() => consumer.Consume(TimeSpan.FromMilliseconds(100)));
        Assert.True(((IAsyncResult)consume).AsyncWaitHandle.WaitOne(Timeout), "Consume on a deleted topic did not return");
        Assert.IsType<UnknownTopicOrPartitionException>(consume.Exception?.InnerException);
    }
}
