using System.Text;

namespace Streaming.Contract;

/// <summary>What every transport's consumer does with assigned partitions: where it starts, seeks, pauses, batches, fails.</summary>
public abstract class ConsumerContractTests(TransportFixture fixture)
{
    protected TransportFixture Fixture { get; } = fixture;

    private async Task<string> TopicWith(int partitions, int partition, params string[] values)
    {
        string topic = Fixture.NewTopic(partitions);
        await ProduceAsync(topic, partition, values);
        return topic;
    }

    private async Task ProduceAsync(string topic, int partition, params string[] values)
    {
        using var producer = Fixture.Producer();
        foreach (var v in values) await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<string?, string?> { Key = "k", Value = v });
    }

    private static ConsumeResult<string?, string?> Next(IConsumer<string?, string?> consumer)
    {
        var deadline = DateTime.UtcNow + Timeouts.Record;
        while (DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(Timeouts.Poll);
            if (r is not null && !r.IsPartitionEOF) return r;
        }
        throw new Xunit.Sdk.XunitException("no record arrived");
    }

    [Fact]
    public virtual async Task AutoOffsetReset_EarliestAndLatest_StartWhereKafkaDoes()
    {
        string topic = await TopicWith(1, 0, "a", "b");
        var tp = new TopicPartition(topic, 0);
        using var earliest = Fixture.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest });
        earliest.Assign([tp]);
        Assert.Equal("a", Next(earliest).Message.Value);

        using var latest = Fixture.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Latest });
        latest.Assign([tp]);
        Assert.Null(latest.Consume(Timeouts.Quiet));
        await ProduceAsync(topic, 0, "c");
        Assert.Equal("c", Next(latest).Message.Value);
    }

    [Fact]
    public virtual async Task Seek_MovesThePosition_AndPositionReportsIt()
    {
        string topic = await TopicWith(2, 1, "0", "1", "2", "3", "4");
        var tp = new TopicPartition(topic, 1);
        using var consumer = Fixture.Consumer();
        consumer.Assign([new TopicPartitionOffset(tp, 3)]);
        Assert.Equal("3", Next(consumer).Message.Value);
        Assert.Equal(4, consumer.Position(tp).Value);
        consumer.Seek(new TopicPartitionOffset(tp, 1));
        Assert.Equal(["1", "2", "3", "4"], Enumerable.Range(0, 4).Select(_ => Next(consumer).Message.Value));
        consumer.Seek(new TopicPartitionOffset(tp, Offset.Beginning));
        Assert.Equal(0, Next(consumer).Offset.Value);
        Assert.Throws<InvalidStateException>(() => consumer.Seek(new TopicPartitionOffset(topic, 0, 0)));
        Assert.Throws<InvalidStateException>(() => consumer.Position(new TopicPartition(topic, 0)));
    }

    [Fact]
    public virtual async Task PauseResume_PausedPartitionIsNotFetched()
    {
        string topic = await TopicWith(2, 0, "p0");
        await ProduceAsync(topic, 1, "p1");
        using var consumer = Fixture.Consumer();
        consumer.Assign([new TopicPartition(topic, 0), new TopicPartition(topic, 1)]);
        consumer.Pause([new TopicPartition(topic, 0)]);
        Assert.Equal([new TopicPartition(topic, 0)], consumer.Paused);
        Assert.Equal("p1", Next(consumer).Message.Value);
        Assert.Null(consumer.Consume(Timeouts.Quiet));
        consumer.Resume([new TopicPartition(topic, 0)]);
        Assert.Empty(consumer.Paused);
        Assert.Equal("p0", Next(consumer).Message.Value);
    }

    [Fact]
    public virtual async Task EnablePartitionEof_ReportsTheEndAfterTheLastRecord()
    {
        string topic = await TopicWith(1, 0, "a");
        using var consumer = Fixture.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest, EnablePartitionEof = true });
        consumer.Assign([new TopicPartition(topic, 0)]);
        var first = consumer.Consume(Timeouts.Record)!;
        Assert.False(first.IsPartitionEOF);
        Assert.Equal("a", first.Message.Value);
        var eof = consumer.Consume(Timeouts.Record)!;
        Assert.True(eof.IsPartitionEOF);
        Assert.Equal(1, eof.Offset.Value);
    }

    [Fact]
    public virtual async Task ConsumeBatch_HandsOutRecordsAsSpans_AndMovesThePositionAsTheyAreRead()
    {
        var values = Enumerable.Range(0, 50).Select(i => $"value-{i:D2}").ToArray();
        string topic = Fixture.NewTopic(1);
        var tp = new TopicPartition(topic, 0);
        using (var producer = Fixture.Producer(new ProducerConfig { LingerMs = 20 }))
        {
            foreach (var v in values) producer.Produce(tp, new Message<string?, string?> { Key = v == "value-07" ? null : "key", Value = v, Headers = new Headers { { "h", v } } });
            Assert.Equal(0, producer.Flush(Timeouts.Record));
        }
        using var consumer = Fixture.Consumer();
        consumer.Assign([new TopicPartitionOffset(tp, Offset.Beginning)]);
        var read = new List<string>();
        var deadline = DateTime.UtcNow + Timeouts.Record;
        while (read.Count < 50 && DateTime.UtcNow < deadline)
        {
            foreach (var record in consumer.ConsumeBatch(Timeouts.Poll))
            {
                Assert.Equal(tp, record.TopicPartition);
                Assert.Equal(read.Count, record.Offset);
                string value = Encoding.UTF8.GetString(record.Value);
                Assert.Equal(value == "value-07", record.KeyIsNull);
                Assert.True(record.Headers.TryGetLast("h"u8, out var header));
                Assert.Equal(value, Encoding.UTF8.GetString(header));
                read.Add(value);
            }
        }
        Assert.Equal(values, read);
        Assert.Equal(50, consumer.Position(tp).Value);
    }

    [Fact]
    public virtual async Task ConsumeBatch_LeftUnfinished_TheNextCallStartsAtTheFirstUnreadRecord()
    {
        string topic = await TopicWith(1, 0, "0", "1", "2", "3", "4", "5");
        var tp = new TopicPartition(topic, 0);
        using var consumer = Fixture.Consumer();
        consumer.Assign([new TopicPartitionOffset(tp, Offset.Beginning)]);
        ConsumedRecords batch;
        var deadline = DateTime.UtcNow + Timeouts.Record;
        RawRecord first;
        do
        {
            batch = consumer.ConsumeBatch(Timeouts.Poll);
        }
        while (!batch.TryReadNext(out first) && DateTime.UtcNow < deadline);
        Assert.Equal(0, first.Offset);
        Assert.Equal(1, consumer.Position(tp).Value);
        Assert.Equal("1", Next(consumer).Message.Value);
    }

    [Fact]
    public virtual async Task QueryWatermarkOffsets_ReportsStartAndEnd()
    {
        string topic = await TopicWith(2, 1, "a", "b", "c");
        using var consumer = Fixture.Consumer();
        Assert.Equal(new WatermarkOffsets(0, 3), consumer.QueryWatermarkOffsets(new TopicPartition(topic, 1), Timeouts.Record));
    }

    [Fact]
    public virtual async Task OffsetsForTimes_FindsTheFirstRecordAtOrAfterTheTimestamp()
    {
        string topic = Fixture.NewTopic(1);
        using (var producer = Fixture.Producer())
        {
            for (int i = 0; i < 10; i++)
                await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<string?, string?> { Value = $"{i}", Timestamp = new Timestamp(1_000_000 + i * 100) });
        }
        using var consumer = Fixture.Consumer();
        var found = consumer.OffsetsForTimes(
            [new TopicPartitionTimestamp(topic, 0, new Timestamp(1_000_250)), new TopicPartitionTimestamp(topic, 0, new Timestamp(0)), new TopicPartitionTimestamp(topic, 0, new Timestamp(9_999_999))],
            Timeouts.Record);
        Assert.Equal(3, found[0].Offset.Value);
        Assert.Equal(0, found[1].Offset.Value);
        Assert.Equal(Offset.End, found[2].Offset);
    }

    [Fact]
    public virtual async Task Consume_DeserializerFails_ThrowsAndStaysOnTheRecordUntilSeekedPast()
    {
        string topic = await TopicWith(1, 0, "not a number", "also not", "x");
        var tp = new TopicPartition(topic, 0);
        using var consumer = new ConsumerBuilder<string, int>(Fixture.Transport, new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Assign([tp]);
        var ex = Assert.Throws<SerializationException>(() => consumer.Consume(Timeouts.Record));
        Assert.Contains("int32", ex.Message);
        Assert.Equal(0, consumer.Position(tp).Value);
        Assert.Throws<SerializationException>(() => consumer.Consume(Timeouts.Record));
        consumer.Seek(new TopicPartitionOffset(tp, 3));
        Assert.Null(consumer.Consume(Timeouts.Quiet));
    }

    [Fact]
    public virtual void Consume_AfterClose_ThrowsObjectDisposed()
    {
        string topic = Fixture.NewTopic(1);
        var consumer = Fixture.Consumer();
        consumer.Assign([new TopicPartition(topic, 0)]);
        consumer.Close();
        Assert.Throws<ObjectDisposedException>(() => consumer.Consume(TimeSpan.Zero));
        Assert.Throws<ObjectDisposedException>(() => consumer.Assignment);
        Assert.Throws<ObjectDisposedException>(() => consumer.ConsumeBatch(TimeSpan.Zero));
    }

    [Fact]
    public virtual void Build_BadValues_AreRefusedWithTheKey()
    {
        Assert.Contains("group.id", Assert.Throws<InvalidConfigurationException>(() => Fixture.Consumer(new ConsumerConfig { GroupId = " " })).Message);
        var exactlyOnce = new ConsumerConfig { DeliveryGuarantee = DeliveryGuarantee.ExactlyOnce, IsolationLevel = IsolationLevel.ReadUncommitted };
        Assert.Contains("isolation.level", Assert.Throws<InvalidConfigurationException>(() => Fixture.Consumer(exactlyOnce)).Message);
        var heartbeat = new ConsumerConfig { SessionTimeoutMs = 1000, HeartbeatIntervalMs = 2000 };
        Assert.Contains("heartbeat.interval.ms", Assert.Throws<InvalidConfigurationException>(() => Fixture.Consumer(heartbeat)).Message);
    }
}
