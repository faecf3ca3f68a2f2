using System.Text;

namespace Streaming.Contract;

/// <summary>What every transport's producer does: where records land, what comes back, how records travel.</summary>
public abstract class ProducerContractTests(TransportFixture fixture)
{
    protected TransportFixture Fixture { get; } = fixture;

    [Fact]
    public virtual async Task ProduceAsync_KeyedRecords_LandOnKafkasMurmur2Partition()
    {
        string topic = Fixture.NewTopic(6);
        using var producer = Fixture.Producer();
        for (int i = 0; i < 60; i++)
        {
            string key = $"customer-{i}";
            var result = await producer.ProduceAsync(topic, new Message<string?, string?> { Key = key, Value = "v" });
            Assert.Equal(Partitioners.ForKey(Encoding.UTF8.GetBytes(key), 6), result.Partition);
        }
    }

    [Fact]
    public virtual async Task ProduceThenConsume_RoundTrip_KeepsKeysValuesHeadersAndTimestamps()
    {
        string topic = Fixture.NewTopic(1);
        var tp = new TopicPartition(topic, 0);
        var headers = new Headers { { "trace", "abc" }, { "empty", (byte[]?)null }, { "trace", "def" } };
        var sent = new[]
        {
            new Message<string?, string?> { Key = "k1", Value = "v1", Headers = headers, Timestamp = new Timestamp(1_700_000_000_123) },
            new Message<string?, string?> { Key = null, Value = "keyless" },
            new Message<string?, string?> { Key = "tombstone", Value = null },
            new Message<string?, string?> { Key = "", Value = "" },
        };
        using (var producer = Fixture.Producer())
        {
            foreach (var m in sent) await producer.ProduceAsync(tp, m);
        }
        var got = Fixture.ReadAll([tp], sent.Length);
        Assert.Equal([0L, 1, 2, 3], got.Select(r => r.Offset.Value));
        Assert.Equal(sent.Select(m => m.Key), got.Select(r => r.Message.Key));
        Assert.Equal(sent.Select(m => m.Value), got.Select(r => r.Message.Value));
        Assert.Equal(new Timestamp(1_700_000_000_123, TimestampType.CreateTime), got[0].Message.Timestamp);
        var stamped = got[1].Message.Timestamp;
        Assert.NotEqual(TimestampType.NotAvailable, stamped.Type);
        Assert.InRange(stamped.UtcDateTime, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        var h = got[0].Message.Headers!;
        Assert.Equal(["trace", "empty", "trace"], h.Select(x => x.Key));
        Assert.Equal("abc", Encoding.UTF8.GetString(h[0].GetValueBytes()!));
        Assert.Null(h[1].GetValueBytes());
        Assert.True(h.TryGetLastBytes("trace", out var last));
        Assert.Equal("def", Encoding.UTF8.GetString(last!));
        Assert.Null(got[1].Message.Headers);
    }

    [Theory]
    [InlineData(Acks.None)]
    [InlineData(Acks.Leader)]
    [InlineData(Acks.All)]
    public virtual async Task ProduceAsync_EachAcks_ReportsPersistenceAndOffset(Acks acks)
    {
        string topic = Fixture.NewTopic(1);
        using var producer = Fixture.Producer(new ProducerConfig { Acks = acks, LingerMs = 0 });
        var first = await producer.ProduceAsync(topic, new Message<string?, string?> { Value = "a" });
        var second = await producer.ProduceAsync(topic, new Message<string?, string?> { Value = "b" });
        if (acks == Acks.None)
        {
            Assert.Equal(PersistenceStatus.PossiblyPersisted, second.Status);
            Assert.Equal(Offset.Unset, second.Offset);
        }
        else
        {
            Assert.Equal(PersistenceStatus.Persisted, second.Status);
            Assert.Equal(first.Offset.Value + 1, second.Offset.Value);
        }
        Assert.Equal(["a", "b"], Fixture.ReadAll([new TopicPartition(topic, 0)], 2).Select(r => r.Message.Value));
    }

    [Fact]
    public virtual void Produce_WithDeliveryHandler_ReportsEveryRecordOnFlush()
    {
        string topic = Fixture.NewTopic(2);
        using var producer = Fixture.Producer(new ProducerConfig { LingerMs = 20 });
        var reports = new System.Collections.Concurrent.ConcurrentBag<DeliveryReport<string?, string?>>();
        for (int i = 0; i < 100; i++) producer.Produce(topic, new Message<string?, string?> { Key = $"{i}", Value = "v" }, reports.Add);
        Assert.Equal(0, producer.Flush(Timeouts.Record));
        Assert.Equal(100, reports.Count);
        Assert.All(reports, r => Assert.Null(r.Error));
        Assert.Equal(100, reports.Select(r => r.TopicPartitionOffset).Distinct().Count());
    }

    [Fact]
    public virtual async Task ProduceAsync_RecordLargerThanMaxRequestSize_ThrowsRecordTooLargeAndStaysUsable()
    {
        string topic = Fixture.NewTopic(1);
        using var producer = Fixture.Producer(new ProducerConfig { MaxRequestSize = 1000, LingerMs = 0 });
        var ex = await Assert.ThrowsAsync<RecordTooLargeException>(() => producer.ProduceAsync(topic, new Message<string?, string?> { Value = new string('x', 2000) }));
        Assert.Contains("max.request.size", ex.Message);
        var ok = await producer.ProduceAsync(topic, new Message<string?, string?> { Value = "small" });
        Assert.Equal(0, ok.Offset.Value);
    }

    [Fact]
    public virtual async Task ProduceAsync_PartitionThatDoesNotExist_ThrowsUnknownTopicOrPartition()
    {
        string topic = Fixture.NewTopic(2);
        using var producer = Fixture.Producer();
        await producer.ProduceAsync(topic, new Message<string?, string?> { Value = "warm-up" });
        await Assert.ThrowsAsync<UnknownTopicOrPartitionException>(() => producer.ProduceAsync(new TopicPartition(topic, 7), new Message<string?, string?> { Value = "v" }));
    }

    [Fact]
    public virtual void Build_BadValueOrConflictingGuarantee_ThrowsInvalidConfigurationNamingTheKey()
    {
        var bad = new ProducerConfig();
        bad.Set("acks", "2");
        Assert.Contains("'acks'", Assert.Throws<InvalidConfigurationException>(() => Fixture.Producer(bad)).Message);
        var exactlyOnce = new ProducerConfig { DeliveryGuarantee = DeliveryGuarantee.ExactlyOnce };
        Assert.Contains("transactional.id", Assert.Throws<InvalidConfigurationException>(() => Fixture.Producer(exactlyOnce)).Message);
        var atMostOnce = new ProducerConfig { DeliveryGuarantee = DeliveryGuarantee.AtMostOnce, Acks = Acks.All };
        Assert.Contains("at-most-once", Assert.Throws<InvalidConfigurationException>(() => Fixture.Producer(atMostOnce)).Message);
    }
}
