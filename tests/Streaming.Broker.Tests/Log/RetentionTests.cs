using Microsoft.Extensions.Time.Testing;
using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.Log;

public sealed class RetentionTests : IDisposable
{
    private readonly FakeTimeProvider _time = BrokerHarness.FakeTime();
    private readonly BrokerHarness _h;

    public RetentionTests() => _h = new BrokerHarness(o => o.RetentionCheckInterval = TimeSpan.FromMinutes(1), _time);

    public void Dispose() => _h.Dispose();

    private async Task ProduceAsync(string topic, int count, string prefix)
    {
        using var producer = _h.Producer(new ProducerConfig { LingerMs = 0, BatchSize = 200 });
        for (int i = 0; i < count; i++)
            await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<string?, string?> { Key = "k", Value = $"{prefix}-{i}-{new string('p', 60)}" });
    }

    [Fact]
    public async Task RetentionMs_DeletesExpiredSegmentsOnTheTimerAndMovesLogStart()
    {
        _h.CreateTopic("r", 1, new() { ["retention.ms"] = "3600000", ["segment.bytes"] = "1024" });
        await ProduceAsync("r", 40, "old");
        _time.Advance(TimeSpan.FromMinutes(30)); // the timer runs retention every minute: nothing is old enough yet
        await ProduceAsync("r", 40, "new");
        var log = _h.Broker.Topics.GetPartition(new TopicPartition("r", 0));
        int segmentsBefore = log.SegmentCount;
        Assert.Equal(0, log.LogStartOffset);

        _time.Advance(TimeSpan.FromMinutes(45)); // old records are now 75 minutes old, new ones 45: the timer deletes the old

        Assert.True(log.SegmentCount < segmentsBefore);
        Assert.InRange(log.LogStartOffset, 1, 40); // only segments that held nothing but old records went
        var remaining = _h.ReadAll("r");
        Assert.Equal(log.LogStartOffset, remaining[0].Offset.Value);
        Assert.Equal(80 - log.LogStartOffset, remaining.Count);
        Assert.All(remaining.Where(r => r.Offset.Value >= 40), r => Assert.StartsWith("new-", r.Message.Value));
    }

    [Fact]
    public async Task RetentionMs_EverythingExpired_LeavesAnEmptyLogThatKeepsItsOffsets()
    {
        _h.CreateTopic("all", 1, new() { ["retention.ms"] = "1000", ["segment.bytes"] = "1024" });
        await ProduceAsync("all", 30, "x");
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(_h.Broker.RunRetention() > 0);
        var log = _h.Broker.Topics.GetPartition(new TopicPartition("all", 0));
        Assert.Equal(30, log.LogStartOffset);
        Assert.Equal(30, log.LogEndOffset);
        await ProduceAsync("all", 1, "after");
        Assert.Equal(30, Assert.Single(_h.ReadAll("all")).Offset.Value);
    }

    [Fact]
    public async Task FetchBelowLogStart_FollowsAutoOffsetResetOrFailsClearly()
    {
        _h.CreateTopic("gap", 1, new() { ["retention.ms"] = "1000", ["segment.bytes"] = "1024" });
        await ProduceAsync("gap", 30, "old");
        _time.Advance(TimeSpan.FromSeconds(5));
        await ProduceAsync("gap", 5, "new");
        _h.Broker.RunRetention();
        long start = _h.Broker.Topics.GetPartition(new TopicPartition("gap", 0)).LogStartOffset;
        Assert.True(start > 0);

        using var strict = _h.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Error });
        strict.Assign([new TopicPartitionOffset("gap", 0, 0)]);
        var ex = Assert.Throws<OffsetOutOfRangeException>(() => strict.Consume(TimeSpan.FromSeconds(1)));
        Assert.Contains("out of range", ex.Message);

        using var lenient = _h.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest });
        lenient.Assign([new TopicPartitionOffset("gap", 0, 0)]);
        Assert.Equal(start, lenient.Consume(TimeSpan.FromSeconds(5))!.Offset.Value);
    }

    [Fact]
    public async Task RetentionBytes_KeepsTheNewestSegmentsWithinTheLimit()
    {
        _h.CreateTopic("size", 1, new() { ["retention.bytes"] = "3000", ["segment.bytes"] = "1024", ["retention.ms"] = "-1" });
        await ProduceAsync("size", 100, "v");
        var log = _h.Broker.Topics.GetPartition(new TopicPartition("size", 0));
        long before = log.SizeInBytes;
        _h.Broker.RunRetention();
        Assert.True(log.SizeInBytes < before);
        Assert.InRange(log.SizeInBytes, 1, 3000 + 1024);
        Assert.Equal(100, log.LogEndOffset);
        Assert.Equal(100 - log.LogStartOffset, _h.ReadAll("size").Count);
    }

    [Fact]
    public async Task RetentionMinusOne_KeepsEverything()
    {
        _h.CreateTopic("forever", 1, new() { ["retention.ms"] = "-1", ["segment.bytes"] = "1024" });
        await ProduceAsync("forever", 30, "v");
        _time.Advance(TimeSpan.FromDays(3650));
        Assert.Equal(0, _h.Broker.RunRetention());
        Assert.Equal(30, _h.ReadAll("forever").Count);
    }

    [Fact]
    public async Task SegmentMs_RollsTheActiveSegmentWhenOld()
    {
        _h.CreateTopic("roll", 1, new() { ["segment.ms"] = "60000" });
        await ProduceAsync("roll", 3, "a");
        var log = _h.Broker.Topics.GetPartition(new TopicPartition("roll", 0));
        Assert.Equal(1, log.SegmentCount);
        _time.Advance(TimeSpan.FromMinutes(2));
        await ProduceAsync("roll", 1, "b");
        Assert.Equal(2, log.SegmentCount);
        Assert.Equal(4, _h.ReadAll("roll").Count);
    }

    [Fact]
    public async Task Retention_SurvivesRestart_LogStartOffsetKept()
    {
        _h.CreateTopic("restart", 1, new() { ["retention.ms"] = "1000", ["segment.bytes"] = "1024" });
        await ProduceAsync("restart", 30, "old");
        _time.Advance(TimeSpan.FromSeconds(5));
        await ProduceAsync("restart", 3, "new");
        _h.Broker.RunRetention();
        long start = _h.Broker.Topics.GetPartition(new TopicPartition("restart", 0)).LogStartOffset;
        _h.Restart();
        Assert.Equal(start, _h.Broker.Topics.GetPartition(new TopicPartition("restart", 0)).LogStartOffset);
        Assert.Equal(33 - start, _h.ReadAll("restart").Count);
    }
}
