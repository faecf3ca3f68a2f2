using System.Text;
using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.InProcess;

public sealed class ProducerTests : IDisposable
{
    private readonly BrokerHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task ProduceAsync_KeyedRecords_LandWhereKafkasMurmur2PutsThem()
    {
        _h.CreateTopic("keyed", 6);
        using var producer = _h.Producer();
        for (int i = 0; i < 200; i++)
        {
            string key = $"customer-{i}";
            var result = await producer.ProduceAsync("keyed", new Message<string?, string?> { Key = key, Value = "v" });
            Assert.Equal(Partitioners.ForKey(Encoding.UTF8.GetBytes(key), 6), result.Partition);
        }
    }

    [Fact]
    public async Task ProduceAsync_OffsetsPerPartition_AreDenseAndInOrder()
    {
        _h.CreateTopic("dense", 3);
        using var producer = _h.Producer(new ProducerConfig { LingerMs = 2, BatchSize = 512 });
        var tasks = Enumerable.Range(0, 3000).Select(i => producer.ProduceAsync("dense", new Message<string?, string?> { Key = $"k{i % 17}", Value = $"{i}" })).ToArray();
        var results = await Task.WhenAll(tasks);
        foreach (var group in results.GroupBy(r => r.Partition))
        {
            var offsets = group.Select(r => r.Offset.Value).ToArray();
            Assert.Equal(Enumerable.Range(0, offsets.Length).Select(i => (long)i), offsets.Order());
            // Per key, send order is offset order.
            foreach (var byKey in group.GroupBy(r => r.Message.Key))
                Assert.Equal(byKey.Select(r => int.Parse(r.Message.Value!)).Order(), byKey.OrderBy(r => r.Offset.Value).Select(r => int.Parse(r.Message.Value!)));
        }
        Assert.All(results, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
    }

    [Fact]
    public async Task Produce_KeylessSticky_FillsABatchBeforeMovingOn()
    {
        _h.CreateTopic("sticky", 4);
        using var producer = _h.Producer(new ProducerConfig { LingerMs = 60_000, BatchSize = 1024 });
        var partitions = new List<int>();
        var tasks = new List<Task<DeliveryResult<string?, string?>>>();
        for (int i = 0; i < 200; i++) tasks.Add(producer.ProduceAsync("sticky", new Message<string?, string?> { Value = new string('x', 40) }));
        producer.Flush(TimeSpan.FromSeconds(10));
        foreach (var t in tasks) partitions.Add((await t).Partition);
        // Runs of one partition, about a batch (1 KiB / ~50 bytes ≈ 19 records) long, and more than one partition used.
        int runs = 1 + partitions.Zip(partitions.Skip(1)).Count(p => p.First != p.Second);
        Assert.InRange(runs, 5, 20);
        Assert.True(partitions.Distinct().Count() > 1);
    }

    [Fact]
    public async Task Produce_KeylessRoundRobin_SpreadsEvenly()
    {
        _h.CreateTopic("rr", 4);
        using var producer = _h.Producer(new ProducerConfig { LingerMs = 0, Partitioner = Partitioner.RoundRobin });
        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => producer.ProduceAsync("rr", new Message<string?, string?> { Value = "v" })));
        Assert.All(results.GroupBy(r => r.Partition), g => Assert.Equal(100, g.Count()));
        Assert.Equal([0, 1, 2, 3, 0, 1], results.Take(6).Select(r => r.Partition));
    }

    [Fact]
    public void Produce_WithDeliveryHandler_ReportsEveryRecordOnFlush()
    {
        _h.CreateTopic("handler", 2);
        using var producer = _h.Producer(new ProducerConfig { LingerMs = 50 });
        var reports = new System.Collections.Concurrent.ConcurrentBag<DeliveryReport<string?, string?>>();
        for (int i = 0; i < 100; i++) producer.Produce("handler", new Message<string?, string?> { Key = $"{i}", Value = "v" }, reports.Add);
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        Assert.Equal(100, reports.Count);
        Assert.All(reports, r => Assert.Null(r.Error));
        Assert.Equal(100, reports.Select(r => r.TopicPartitionOffset).Distinct().Count());
    }

    [Fact]
    public async Task ProduceAsync_AcksZero_ReportsPossiblyPersistedWithoutOffset()
    {
        _h.CreateTopic("a0", 1);
        using var producer = _h.Producer(new ProducerConfig { Acks = Acks.None, LingerMs = 0 });
        var result = await producer.ProduceAsync("a0", new Message<string?, string?> { Value = "v" });
        Assert.Equal(PersistenceStatus.PossiblyPersisted, result.Status);
        Assert.Equal(Offset.Unset, result.Offset);
        Assert.Single(_h.ReadAll("a0"));
    }

    [Fact]
    public async Task ProduceAsync_RecordLargerThanMaxRequestSize_ThrowsRecordTooLarge()
    {
        using var producer = _h.Producer(new ProducerConfig { MaxRequestSize = 1000, LingerMs = 0 });
        var ex = await Assert.ThrowsAsync<RecordTooLargeException>(() => producer.ProduceAsync("big", new Message<string?, string?> { Value = new string('x', 2000) }));
        Assert.Contains("max.request.size", ex.Message);
        // The producer is still usable and nothing was written.
        await producer.ProduceAsync("big", new Message<string?, string?> { Value = "small" });
        Assert.Single(_h.ReadAll("big"));
    }

    [Fact]
    public async Task ProduceAsync_BatchLargerThanTopicMaxMessageBytes_FailsDeliveryAndKeepsLogIntact()
    {
        _h.CreateTopic("limited", 1, new() { ["max.message.bytes"] = "500" });
        using var producer = _h.Producer(new ProducerConfig { LingerMs = 0 });
        await producer.ProduceAsync("limited", new Message<string?, string?> { Value = "ok" });
        var ex = await Assert.ThrowsAsync<RecordTooLargeException>(() => producer.ProduceAsync("limited", new Message<string?, string?> { Value = new string('x', 800) }));
        Assert.Contains("max.message.bytes", ex.Message);
        var after = await producer.ProduceAsync("limited", new Message<string?, string?> { Value = "ok again" });
        Assert.Equal(1, after.Offset.Value);
        Assert.Equal(["ok", "ok again"], _h.ReadAll("limited").Select(r => r.Message.Value));
    }

    [Fact]
    public void Produce_BufferMemoryFull_ThrowsBufferExhaustedAfterMaxBlock()
    {
        _h.CreateTopic("full", 2);
        // Batches linger for a minute, so the first one holds all of buffer.memory and nothing drains.
        using var producer = _h.Producer(new ProducerConfig { LingerMs = 60_000, BatchSize = 4096, BufferMemory = 4096, MaxBlockMs = 50 });
        producer.Produce(new TopicPartition("full", 0), new Message<string?, string?> { Value = "first" });
        var ex = Assert.Throws<BufferExhaustedException>(() => producer.Produce(new TopicPartition("full", 1), new Message<string?, string?> { Value = "second" }));
        Assert.True(ex.IsRetriable);
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        Assert.Single(_h.ReadAll("full"));
    }

    [Fact]
    public async Task ProduceAsync_UnknownPartition_Throws()
    {
        _h.CreateTopic("two", 2);
        using var producer = _h.Producer();
        await Assert.ThrowsAsync<UnknownTopicOrPartitionException>(() => producer.ProduceAsync(new TopicPartition("two", 2), new Message<string?, string?> { Value = "v" }));
    }

    [Fact]
    public async Task ProduceAsync_InvalidTopicName_ThrowsInvalidTopic()
    {
        using var producer = _h.Producer();
        await Assert.ThrowsAsync<InvalidTopicException>(() => producer.ProduceAsync("bad topic", new Message<string?, string?> { Value = "v" }));
    }

    [Fact]
    public void Produce_SerializerThrows_ThrowsSerializationExceptionAndProducerStaysUsable()
    {
        using var producer = new ProducerBuilder<string, int>(_h.Broker, new ProducerConfig { LingerMs = 0 }).SetValueSerializer(new FailingSerializer()).Build();
        var ex = Assert.Throws<SerializationException>(() => producer.Produce("s", new Message<string, int> { Key = "k", Value = -1 }));
        Assert.Contains("negative", ex.Message);
        producer.Produce("s", new Message<string, int> { Key = "k", Value = 1 });
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        Assert.Single(_h.ReadAll("s"));
    }

    [Fact]
    public async Task ProduceAsync_HeadersTimestampNullKeyAndTombstone_RoundTrip()
    {
        _h.CreateTopic("rt", 1);
        using var producer = _h.Producer();
        var headers = new Headers { { "trace", "abc" }, { "empty", Array.Empty<byte>() }, { "null", (byte[]?)null }, { "trace", "second" } };
        await producer.ProduceAsync("rt", new Message<string?, string?> { Key = null, Value = "v", Headers = headers, Timestamp = new Timestamp(1_700_000_000_123) });
        await producer.ProduceAsync("rt", new Message<string?, string?> { Key = "k", Value = null });
        await producer.ProduceAsync("rt", new Message<string?, string?> { Key = "", Value = "" });
        var records = _h.ReadAll("rt");
        Assert.Null(records[0].Message.Key);
        Assert.Equal(1_700_000_000_123, records[0].Message.Timestamp.UnixTimestampMs);
        Assert.Equal(TimestampType.CreateTime, records[0].Message.Timestamp.Type);
        var got = records[0].Message.Headers!;
        Assert.Equal(["trace", "empty", "null", "trace"], got.Select(h => h.Key));
        Assert.Equal("abc", Encoding.UTF8.GetString(got[0].GetValueBytes()!));
        Assert.Empty(got[1].GetValueBytes()!);
        Assert.Null(got[2].GetValueBytes());
        Assert.True(got.TryGetLastBytes("trace", out var last));
        Assert.Equal("second", Encoding.UTF8.GetString(last!));
        Assert.Equal(("k", null), (records[1].Message.Key, records[1].Message.Value));
        Assert.Equal(("", ""), (records[2].Message.Key, records[2].Message.Value));
    }

    [Theory]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public async Task Produce_WithCompression_ConsumerReadsTheSameRecords(CompressionType codec)
    {
        _h.CreateTopic("z", 2);
        using var producer = _h.Producer(new ProducerConfig { CompressionType = codec, LingerMs = 20 });
        var sent = Enumerable.Range(0, 500).Select(i => (Key: $"k{i % 7}", Value: $"value {i} {new string('r', i % 50)}")).ToList();
        var tasks = sent.Select(s => producer.ProduceAsync("z", new Message<string?, string?> { Key = s.Key, Value = s.Value })).ToList();
        await Task.WhenAll(tasks);
        var got = _h.ReadAll("z").Select(r => (r.Message.Key!, r.Message.Value!)).ToHashSet();
        Assert.Equal(sent.ToHashSet(), got);
        // Stored compressed: fewer bytes than the values alone.
        long stored = _h.Broker.Topics.Get("z").Partitions.Sum(p => p.SizeInBytes);
        Assert.True(stored < sent.Sum(s => s.Value.Length), $"stored {stored} bytes");
    }

    [Fact]
    public async Task Produce_AfterDispose_ThrowsObjectDisposed()
    {
        var producer = _h.Producer();
        await producer.ProduceAsync("d", new Message<string?, string?> { Value = "v" });
        producer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => producer.Produce("d", new Message<string?, string?> { Value = "v" }));
        Assert.Throws<ObjectDisposedException>(() => producer.Flush(TimeSpan.Zero));
    }

    [Fact]
    public void Dispose_SendsWhatIsBuffered()
    {
        var producer = _h.Producer(new ProducerConfig { LingerMs = 60_000 });
        for (int i = 0; i < 10; i++) producer.Produce("linger", new Message<string?, string?> { Value = $"{i}" });
        producer.Dispose();
        Assert.Equal(10, _h.ReadAll("linger").Count);
    }

    [Theory]
    [InlineData("acks", "2")]
    [InlineData("linger.ms", "-1")]
    [InlineData("batch.size", "lots")]
    [InlineData("compression.type", "brotli")]
    public void Build_BadConfig_ThrowsInvalidConfiguration(string key, string value)
    {
        var config = new ProducerConfig();
        config.Set(key, value);
        var ex = Assert.Throws<InvalidConfigurationException>(() => _h.Producer(config));
        Assert.Contains(key, ex.Message);
    }

    [Fact]
    public void Build_IdempotenceWithAcksOne_IsRefused()
    {
        Assert.Throws<InvalidConfigurationException>(() => _h.Producer(new ProducerConfig { EnableIdempotence = true, Acks = Acks.Leader }));
    }

    private sealed class FailingSerializer : ISerializer<int>
    {
        public void Serialize(int data, System.Buffers.IBufferWriter<byte> destination, SerializationContext context)
        {
            if (data < 0) throw new ArgumentOutOfRangeException(nameof(data), "negative values are not allowed");
            Serializers.Int32.Serialize(data, destination, context);
        }
    }
}
