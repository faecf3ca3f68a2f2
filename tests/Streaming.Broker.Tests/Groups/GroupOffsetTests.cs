using Streaming.Broker.Groups;
using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.Groups;

public sealed class GroupOffsetTests : IDisposable
{
    private readonly BrokerHarness _h = new(ConsumerGroupTests.GroupOptions);

    public void Dispose() => _h.Dispose();

    private async Task ProduceAsync(int count)
    {
        using var producer = _h.Producer();
        for (int i = 0; i < count; i++) await producer.ProduceAsync(new TopicPartition("t", 0), new Message<string?, string?> { Value = $"v{i}" });
    }

    [Fact]
    public async Task AutoCommit_CommitsOnlyWhatTheApplicationCameBackFrom()
    {
        _h.CreateTopic("t", 1);
        await ProduceAsync(10);
        var config = ConsumerGroupTests.Config("g");
        config.AutoCommitIntervalMs = 0; // commit at every poll
        using var consumer = new ConsumerBuilder<string, string>(_h.Broker, config).Build();
        consumer.Subscribe("t");
        var first = consumer.Consume(TimeSpan.FromSeconds(10))!;
        Assert.Equal(0, first.Offset.Value);
        // Record 0 is being processed: nothing is committed for it yet.
        Assert.Equal(Offset.Unset, consumer.Committed([new TopicPartition("t", 0)], TimeSpan.FromSeconds(1)).Single().Offset);
        var second = consumer.Consume(TimeSpan.FromSeconds(10))!; // coming back = record 0 is done
        Assert.Equal(1, second.Offset.Value);
        Assert.Equal(1, consumer.Committed([new TopicPartition("t", 0)], TimeSpan.FromSeconds(1)).Single().Offset.Value);
        consumer.Close(); // final commit: record 1 was handed out and the application closed after it
        Assert.Equal(2, _h.Broker.Groups.Offsets.Get("g", new TopicPartition("t", 0))!.Value.Offset);
    }

    [Fact]
    public async Task StoreOffset_WithoutAutoStore_CommitsOnlyStoredOffsets()
    {
        _h.CreateTopic("t", 1);
        await ProduceAsync(10);
        var config = ConsumerGroupTests.Config("g");
        config.AutoCommitIntervalMs = 0;
        config.EnableAutoOffsetStore = false;
        using var consumer = new ConsumerBuilder<string, string>(_h.Broker, config).Build();
        consumer.Subscribe("t");
        var records = Enumerable.Range(0, 5).Select(_ => consumer.Consume(TimeSpan.FromSeconds(10))!).ToList();
        Assert.Equal(Offset.Unset, consumer.Committed([new TopicPartition("t", 0)], TimeSpan.FromSeconds(1)).Single().Offset);
        consumer.StoreOffset(records[2]); // processed up to offset 2 (asynchronously, say)
        consumer.Consume(TimeSpan.FromSeconds(10));
        Assert.Equal(3, consumer.Committed([new TopicPartition("t", 0)], TimeSpan.FromSeconds(1)).Single().Offset.Value);
        Assert.Throws<InvalidStateException>(() => consumer.StoreOffset(new TopicPartitionOffset("t", 5, 1)));
    }

    [Fact]
    public async Task CommitAsync_CommitsPositionsAndExplicitOffsets()
    {
        _h.CreateTopic("t", 1);
        await ProduceAsync(5);
        using var consumer = new ConsumerBuilder<string, string>(_h.Broker, ConsumerGroupTests.Config("g")).Build();
        consumer.Subscribe("t");
        for (int i = 0; i < 3; i++) Assert.NotNull(consumer.Consume(TimeSpan.FromSeconds(10)));
        var committed = await consumer.CommitAsync();
        Assert.Equal(3, committed.Single().Offset.Value);
        Assert.Equal(3, _h.Broker.Groups.Offsets.Get("g", new TopicPartition("t", 0))!.Value.Offset);
        await consumer.CommitAsync([new TopicPartitionOffset("t", 0, 1)]);
        Assert.Equal(1, _h.Broker.Groups.Offsets.Get("g", new TopicPartition("t", 0))!.Value.Offset);
        await Assert.ThrowsAsync<InvalidStateException>(() => consumer.CommitAsync([new TopicPartitionOffset("other", 0, 1)]));
    }

    [Fact]
    public async Task OffsetsTopic_IsCompacted_LatestCommitSurvivesCleaningAndRestart()
    {
        _h.CreateTopic("t", 1);
        var tp = new TopicPartition("t", 0);
        using (var consumer = new ConsumerBuilder<string, string>(_h.Broker, ConsumerGroupTests.Config("g")).Build())
        {
            consumer.Assign([tp]);
            consumer.Commit([new TopicPartitionOffset(tp, 0)]);
            using (var admin = _h.Admin())
                await admin.IncrementalAlterTopicConfigsAsync(OffsetStore.TopicName, new Dictionary<string, string?> { ["segment.bytes"] = "1024" });
            for (int i = 1; i <= 300; i++) consumer.Commit([new TopicPartitionOffset(tp, i)]);
        }
        var offsetsTopic = _h.Broker.Topics.Get(OffsetStore.TopicName);
        Assert.Equal("compact", offsetsTopic.Config.Overrides["cleanup.policy"]);
        long before = offsetsTopic.Partitions.Sum(p => p.SizeInBytes);
        _h.Broker.RunLogCleaner();
        long after = offsetsTopic.Partitions.Sum(p => p.SizeInBytes);
        Assert.True(after < before / 2, $"{before} -> {after} bytes");

        _h.Restart();
        Assert.Equal(300, _h.Broker.Groups.Offsets.Get("g", tp)!.Value.Offset);
    }
}
