using System.Diagnostics;
using System.Text;
using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.InProcess;

public sealed class ConsumerTests : IDisposable
{
    private readonly BrokerHarness _h = new();

    public ConsumerTests() => _h.CreateTopic("t", 2);

    public void Dispose() => _h.Dispose();

    private async Task ProduceAsync(int partition, params string[] values)
    {
        using var producer = _h.Producer();
        foreach (var v in values) await producer.ProduceAsync(new TopicPartition("t", partition), new Message<string?, string?> { Key = "k", Value = v });
    }

    [Fact]
    public async Task Consume_WaitingAtTheEnd_IsWokenByTheAppend()
    {
        using var consumer = _h.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Latest });
        consumer.Assign([new TopicPartition("t", 0)]);
        var sw = Stopwatch.StartNew();
        var consume = Task.Run(() => consumer.Consume(TimeSpan.FromSeconds(30)));
        await Task.Delay(100);
        Assert.False(consume.IsCompleted); // nothing there yet: it waits
        await ProduceAsync(0, "hello");
        var result = await consume.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("hello", result!.Message.Value);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Consume_NothingArrives_ReturnsNullAfterTimeout()
    {
        using var consumer = _h.Consumer();
        consumer.Assign([new TopicPartition("t", 0)]);
        Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void Consume_Cancelled_ThrowsOperationCanceled()
    {
        using var consumer = _h.Consumer();
        consumer.Assign([new TopicPartition("t", 0)]);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.ThrowsAny<OperationCanceledException>(() => consumer.Consume(cts.Token));
    }

    [Fact]
    public async Task AutoOffsetReset_EarliestAndLatest_StartWhereKafkaDoes()
    {
        await ProduceAsync(0, "a", "b");
        using var earliest = _h.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest });
        earliest.Assign([new TopicPartition("t", 0)]);
        Assert.Equal("a", earliest.Consume(TimeSpan.FromSeconds(5))!.Message.Value);

        using var latest = _h.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Latest });
        latest.Assign([new TopicPartition("t", 0)]);
        Assert.Null(latest.Consume(TimeSpan.FromMilliseconds(50)));
        Assert.Equal(2, latest.Position(new TopicPartition("t", 0)).Value);
        await ProduceAsync(0, "c");
        Assert.Equal("c", latest.Consume(TimeSpan.FromSeconds(5))!.Message.Value);
    }

    [Fact]
    public async Task Seek_MovesThePositionAndPositionReportsIt()
    {
        await ProduceAsync(1, "0", "1", "2", "3", "4");
        using var consumer = _h.Consumer();
        var tp = new TopicPartition("t", 1);
        consumer.Assign([new TopicPartitionOffset(tp, 3)]);
        Assert.Equal(3, consumer.Position(tp).Value);
        Assert.Equal("3", consumer.Consume(TimeSpan.FromSeconds(5))!.Message.Value);
        Assert.Equal(4, consumer.Position(tp).Value);
        consumer.Seek(new TopicPartitionOffset(tp, 1));
        Assert.Equal(["1", "2", "3", "4"], Enumerable.Range(0, 4).Select(_ => consumer.Consume(TimeSpan.FromSeconds(5))!.Message.Value));
        consumer.Seek(new TopicPartitionOffset(tp, Offset.Beginning));
        Assert.Equal(0, consumer.Consume(TimeSpan.FromSeconds(5))!.Offset.Value);
        consumer.Seek(new TopicPartitionOffset(tp, Offset.End));
        Assert.Equal(5, consumer.Position(tp).Value);
    }

    [Fact]
    public async Task Fetch_PastTheEndWithResetNone_ThrowsOffsetOutOfRange()
    {
        await ProduceAsync(0, "a");
        using var consumer = _h.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Error });
        consumer.Assign([new TopicPartitionOffset("t", 0, 5)]);
        var ex = Assert.Throws<OffsetOutOfRangeException>(() => consumer.Consume(TimeSpan.FromSeconds(1)));
        Assert.Contains("offset 5 is out of range [0, 1]", ex.Message);
        consumer.Seek(new TopicPartitionOffset("t", 0, 0));
        Assert.Equal("a", consumer.Consume(TimeSpan.FromSeconds(5))!.Message.Value);
    }

    [Fact]
    public async Task Fetch_PastTheEndWithResetEarliest_StartsOver()
    {
        await ProduceAsync(0, "a", "b");
        using var consumer = _h.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest });
        consumer.Assign([new TopicPartitionOffset("t", 0, 99)]);
        Assert.Equal("a", consumer.Consume(TimeSpan.FromSeconds(5))!.Message.Value);
    }

    [Fact]
    public void SeekOrPause_UnassignedPartition_ThrowsInvalidState()
    {
        using var consumer = _h.Consumer();
        consumer.Assign([new TopicPartition("t", 0)]);
        Assert.Throws<InvalidStateException>(() => consumer.Seek(new TopicPartitionOffset("t", 1, 0)));
        Assert.Throws<InvalidStateException>(() => consumer.Pause([new TopicPartition("t", 1)]));
        Assert.Throws<InvalidStateException>(() => consumer.Position(new TopicPartition("other", 0)));
    }

    [Fact]
    public void Assign_NegativeOffset_ThrowsAndKeepsAssignment()
    {
        using var consumer = _h.Consumer();
        consumer.Assign([new TopicPartition("t", 0)]);
        Assert.Throws<ArgumentOutOfRangeException>(() => consumer.Assign([new TopicPartitionOffset("t", 1, -7)]));
        Assert.Equal([new TopicPartition("t", 0)], consumer.Assignment);
    }

    [Fact]
    public void Assign_UnknownPartition_Throws()
    {
        using var consumer = _h.Consumer();
        Assert.Throws<UnknownTopicOrPartitionException>(() => consumer.Assign([new TopicPartition("t", 7)]));
    }

    [Fact]
    public async Task PauseResume_PausedPartitionIsNotFetched()
    {
        await ProduceAsync(0, "p0");
        await ProduceAsync(1, "p1");
        using var consumer = _h.Consumer();
        consumer.Assign([new TopicPartition("t", 0), new TopicPartition("t", 1)]);
        consumer.Pause([new TopicPartition("t", 0)]);
        Assert.Equal([new TopicPartition("t", 0)], consumer.Paused);
        Assert.Equal("p1", consumer.Consume(TimeSpan.FromSeconds(5))!.Message.Value);
        Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(50)));
        consumer.Resume([new TopicPartition("t", 0)]);
        Assert.Equal("p0", consumer.Consume(TimeSpan.FromSeconds(5))!.Message.Value);
    }

    [Fact]
    public async Task EnablePartitionEof_ReportsTheEndOncePerArrival()
    {
        await ProduceAsync(0, "a");
        using var consumer = _h.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest, EnablePartitionEof = true });
        consumer.Assign([new TopicPartition("t", 0)]);
        Assert.False(consumer.Consume(TimeSpan.FromSeconds(5))!.IsPartitionEOF);
        var eof = consumer.Consume(TimeSpan.FromSeconds(5))!;
        Assert.True(eof.IsPartitionEOF);
        Assert.Equal(1, eof.Offset.Value);
        Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task ConsumeBatch_HandsOutSpansWithoutAllocatingPerRecord()
    {
        var values = Enumerable.Range(0, 500).Select(i => $"value-{i:D4}").ToArray();
        using (var producer = _h.Producer(new ProducerConfig { LingerMs = 50, BatchSize = 64 * 1024 }))
        {
            foreach (var v in values) producer.Produce(new TopicPartition("t", 0), new Message<string?, string?> { Key = "key", Value = v });
            producer.Flush(TimeSpan.FromSeconds(10));
        }
        using var consumer = _h.Consumer();
        consumer.Assign([new TopicPartition("t", 0)]);
        var batch = consumer.ConsumeBatch(TimeSpan.FromSeconds(5));
        long before = GC.GetAllocatedBytesForCurrentThread();
        int count = 0;
        long checksum = 0;
        foreach (var record in batch)
        {
            Assert.True(record.Value.SequenceEqual(Encoding.UTF8.GetBytes(values[count])));
            checksum += record.Offset + record.Key.Length;
            count++;
        }
        Assert.Equal(500, count);
        Assert.Equal(Enumerable.Range(0, 500).Sum(i => (long)i) + 500 * 3, checksum);
        // The comparison above allocates one array per record via GetBytes; measure the loop without it.
        consumer.Seek(new TopicPartitionOffset("t", 0, 0));
        batch = consumer.ConsumeBatch(TimeSpan.FromSeconds(5));
        before = GC.GetAllocatedBytesForCurrentThread();
        count = 0;
        foreach (var record in batch) count += record.Value.Length > 0 ? 1 : 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(500, count);
        Assert.Equal(0, allocated);
        Assert.Equal(500, consumer.Position(new TopicPartition("t", 0)).Value);
    }

    [Fact]
    public async Task OffsetsForTimes_FindsTheFirstRecordAtOrAfterTheTimestamp()
    {
        using (var producer = _h.Producer())
        {
            for (int i = 0; i < 10; i++)
                await producer.ProduceAsync(new TopicPartition("t", 0), new Message<string?, string?> { Value = $"{i}", Timestamp = new Timestamp(1_000_000 + i * 100) });
        }
        using var consumer = _h.Consumer();
        var found = consumer.OffsetsForTimes(
            [new TopicPartitionTimestamp("t", 0, new Timestamp(1_000_250)), new TopicPartitionTimestamp("t", 0, new Timestamp(0)), new TopicPartitionTimestamp("t", 0, new Timestamp(9_999_999))],
            TimeSpan.FromSeconds(1));
        Assert.Equal(3, found[0].Offset.Value);
        Assert.Equal(0, found[1].Offset.Value);
        Assert.Equal(Offset.End, found[2].Offset);
    }

    [Fact]
    public async Task QueryWatermarkOffsets_ReportsStartAndEnd()
    {
        await ProduceAsync(1, "a", "b", "c");
        using var consumer = _h.Consumer();
        Assert.Equal(new WatermarkOffsets(0, 3), consumer.QueryWatermarkOffsets(new TopicPartition("t", 1), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Consume_DeserializerFails_ThrowsAndStaysOnTheRecordUntilSeekedPast()
    {
        await ProduceAsync(0, "not a number", "also not");
        using var consumer = new ConsumerBuilder<string, int>(_h.Broker, new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        var tp = new TopicPartition("t", 0);
        consumer.Assign([tp]);
        var ex = Assert.Throws<SerializationException>(() => consumer.Consume(TimeSpan.FromSeconds(5)));
        Assert.Contains("int32", ex.Message);
        Assert.Equal(0, consumer.Position(tp).Value);
        Assert.Throws<SerializationException>(() => consumer.Consume(TimeSpan.FromSeconds(5)));
        consumer.Seek(new TopicPartitionOffset(tp, 2));
        Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public void Consume_AfterClose_ThrowsObjectDisposed()
    {
        var consumer = _h.Consumer();
        consumer.Assign([new TopicPartition("t", 0)]);
        consumer.Close();
        Assert.Throws<ObjectDisposedException>(() => consumer.Consume(TimeSpan.Zero));
        Assert.Throws<ObjectDisposedException>(() => consumer.Assignment);
        Assert.Throws<ObjectDisposedException>(() => consumer.ConsumeBatch(TimeSpan.Zero));
    }

    [Fact]
    public void Build_EmptyGroupId_IsRefused()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => _h.Consumer(new ConsumerConfig { GroupId = " " }));
        Assert.Contains("group.id", ex.Message);
    }

    [Fact]
    public async Task Consume_RecordLargerThanMaxPartitionFetchBytes_StillArrives()
    {
        await ProduceAsync(0, new string('x', 5000));
        using var consumer = _h.Consumer(new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest, MaxPartitionFetchBytes = 100 });
        consumer.Assign([new TopicPartition("t", 0)]);
        Assert.Equal(5000, consumer.Consume(TimeSpan.FromSeconds(5))!.Message.Value!.Length);
    }
}
