using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.Log;

public sealed class LogPropertyTests
{
    /// <summary>
    /// Any sequence of records, sent to any partitions, comes back with dense offsets from 0 in send order per partition,
    /// and reads back identically after a restart (the log replays the same records).
    /// </summary>
    [Property(MaxTest = 15)]
    public void OffsetsDenseAndMonotonic_AndReplayAfterRestartIsIdentical(PositiveInt seed, NonNegativeInt count)
    {
        var random = new Random(seed.Get);
        int n = count.Get % 400;
        using var h = new BrokerHarness(o => o.DefaultTopicConfigs["segment.bytes"] = "2048");
        h.CreateTopic("p", 3);
        var sent = new List<(int Partition, string? Key, string? Value)>();
        using (var producer = h.Producer(new ProducerConfig { LingerMs = random.Next(0, 3), BatchSize = random.Next(100, 4000) }))
        {
            for (int i = 0; i < n; i++)
            {
                int partition = random.Next(3);
                string? key = random.Next(5) == 0 ? null : $"k{random.Next(10)}";
                string? value = random.Next(10) == 0 ? null : new string((char)('a' + random.Next(26)), random.Next(0, 300));
                producer.Produce(new TopicPartition("p", partition), new Message<string?, string?> { Key = key, Value = value });
                sent.Add((partition, key, value));
            }
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        var first = h.ReadAll("p");
        foreach (var group in first.GroupBy(r => r.Partition))
        {
            Assert.Equal(Enumerable.Range(0, group.Count()).Select(i => (long)i), group.Select(r => r.Offset.Value));
            Assert.Equal(sent.Where(s => s.Partition == group.Key).Select(s => (s.Key, s.Value)), group.Select(r => (r.Message.Key, r.Message.Value)));
        }
        Assert.Equal(n, first.Count);

        h.Restart();
        var replay = h.ReadAll("p");
        Assert.Equal(first.Select(r => (r.TopicPartitionOffset, r.Message.Key, r.Message.Value)), replay.Select(r => (r.TopicPartitionOffset, r.Message.Key, r.Message.Value)));
    }
}
