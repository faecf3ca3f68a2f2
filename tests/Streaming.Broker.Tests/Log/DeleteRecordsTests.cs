using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.Log;

/// <summary>DeleteRecords: the log start offset moves up, durably, and whole segments below it go.</summary>
public sealed class DeleteRecordsTests : IDisposable
{
    private readonly BrokerHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task DeleteRecordsBefore_MovesTheStart_DeletesSegments_AndSurvivesRestartAndCrash()
    {
        _h.CreateTopic("t", 1, new Dictionary<string, string> { ["segment.bytes"] = "1024" });
        using (var producer = _h.Producer())
            for (int i = 0; i < 100; i++) await producer.ProduceAsync("t", new Message<string?, string?> { Value = $"value-{i:D3}-{new string('x', 40)}" });
        var log = _h.Broker.Topics.GetPartition(new TopicPartition("t", 0));
        int segmentsBefore = log.SegmentCount;

        Assert.Equal(60, log.DeleteRecordsBefore(60));
        Assert.Equal(60, log.LogStartOffset);
        Assert.True(log.SegmentCount < segmentsBefore);
        Assert.Equal(60, log.DeleteRecordsBefore(10)); // never moves back
        Assert.Equal(40, _h.ReadAll("t").Count);
        Assert.Equal("value-060", _h.ReadAll("t")[0].Message.Value![..9]);

        _h.Restart();
        Assert.Equal(60, _h.Broker.Topics.GetPartition(new TopicPartition("t", 0)).LogStartOffset);
        _h.CrashAndReopen();
        Assert.Equal(60, _h.Broker.Topics.GetPartition(new TopicPartition("t", 0)).LogStartOffset);
        Assert.Equal(40, _h.ReadAll("t").Count);

        using var consumer = _h.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Error });
        consumer.Assign([new TopicPartitionOffset("t", 0, 5)]);
        Assert.Throws<OffsetOutOfRangeException>(() => consumer.Consume(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void DeleteRecordsBefore_PastTheEnd_IsRefused()
    {
        _h.CreateTopic("t", 1);
        var log = _h.Broker.Topics.GetPartition(new TopicPartition("t", 0));
        Assert.Contains("log end offset 0", Assert.Throws<OffsetOutOfRangeException>(() => log.DeleteRecordsBefore(1)).Message);
        Assert.Throws<OffsetOutOfRangeException>(() => log.DeleteRecordsBefore(-1));
        Assert.Equal(0, log.DeleteRecordsBefore(0));
    }
}
