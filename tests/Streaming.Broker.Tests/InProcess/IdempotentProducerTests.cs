using Streaming.Broker.InProcess;
using Streaming.Broker.Tests.Storage;
using Streaming.Broker.Tests.TestSupport;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Tests.InProcess;

/// <summary>The idempotent producer: producer ids from the broker, sequence-numbered batches, retries deduplicated.</summary>
public sealed class IdempotentProducerTests : IDisposable
{
    private readonly BrokerHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static InProcessProducer<string?, string?> Internal(IProducer<string?, string?> producer) => (InProcessProducer<string?, string?>)producer;

    /// <summary>Every batch header of a partition, in log order.</summary>
    private List<RecordBatchHeader> Headers(string topic, int partition)
    {
        var log = _h.Broker.Topics.Get(topic).Partitions[partition];
        var headers = new List<RecordBatchHeader>();
        var buffer = new byte[1 << 20];
        long offset = log.LogStartOffset;
        while (offset < log.LogEndOffset)
        {
            var read = log.Read(offset, buffer);
            Assert.True(read.BytesRead > 0);
            int position = 0;
            while (position < read.BytesRead)
            {
                var header = RecordBatchHeader.Read(buffer.AsSpan(position));
                headers.Add(header);
                position += header.TotalSize;
                offset = header.NextOffset;
            }
        }
        return headers;
    }

    [Fact]
    public async Task ProduceAsync_AcknowledgementLost_RetryIsNotDuplicatedAndGetsOriginalOffsets()
    {
        _h.CreateTopic("lost-acks", 1);
        using var producer = _h.Producer();
        int lost = 0;
        Internal(producer).LoseAcknowledgementForTests = _ => { Interlocked.Increment(ref lost); return true; };

        for (int i = 0; i < 20; i++)
        {
            var result = await producer.ProduceAsync("lost-acks", new Message<string?, string?> { Key = "k", Value = $"v{i}" });
            Assert.Equal(i, result.Offset.Value);
            Assert.Equal(PersistenceStatus.Persisted, result.Status);
        }
        Assert.Equal(20, lost);
        Assert.Equal(20, _h.Broker.Topics.Get("lost-acks").Partitions[0].LogEndOffset);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"v{i}"), _h.ReadAll("lost-acks").Select(r => r.Message.Value));
    }

    [Fact]
    public async Task ProduceAsync_AcknowledgementLostWithIdempotenceOff_DuplicatesTheBatch()
    {
        // The control for the test above: the fault hook does resend, so without idempotence the log holds the batch twice.
        _h.CreateTopic("lost-acks-plain", 1);
        using var producer = _h.Producer(new ProducerConfig { LingerMs = 0, EnableIdempotence = false });
        Assert.Equal(-1, Internal(producer).ProducerId);
        Internal(producer).LoseAcknowledgementForTests = _ => true;
        for (int i = 0; i < 5; i++)
            await producer.ProduceAsync("lost-acks-plain", new Message<string?, string?> { Key = "k", Value = $"v{i}" });
        Assert.Equal(10, _h.Broker.Topics.Get("lost-acks-plain").Partitions[0].LogEndOffset);
    }

    [Fact]
    public async Task ProduceAsync_IdempotenceOn_StampsProducerIdEpochAndDenseSequencesPerPartitionInOrder()
    {
        _h.CreateTopic("stamped", 3);
        using var producer = _h.Producer(new ProducerConfig { LingerMs = 2, BatchSize = 300 });
        long producerId = Internal(producer).ProducerId;
        Assert.True(producerId >= 0);
        Assert.Equal((short)0, Internal(producer).ProducerEpoch);

        var tasks = Enumerable.Range(0, 2000).Select(i => producer.ProduceAsync("stamped", new Message<string?, string?> { Key = $"k{i % 11}", Value = $"{i}" })).ToArray();
        var results = await Task.WhenAll(tasks);

        for (int p = 0; p < 3; p++)
        {
            var headers = Headers("stamped", p);
            Assert.True(headers.Count > 1, $"partition {p} got {headers.Count} batches: the test needs several");
            int expected = 0;
            foreach (var header in headers)
            {
                Assert.Equal(producerId, header.ProducerId);
                Assert.Equal((short)0, header.ProducerEpoch);
                Assert.Equal(expected, header.BaseSequence);
                Assert.Equal(expected, (int)header.BaseOffset); // sequence n is the record at offset n: nothing lost or doubled
                expected += header.RecordsCount;
            }
        }
        // Per key, send order is offset order.
        foreach (var byKey in results.GroupBy(r => r.Message.Key))
            Assert.Equal(byKey.Select(r => int.Parse(r.Message.Value!)).Order(), byKey.OrderBy(r => r.Offset.Value).Select(r => int.Parse(r.Message.Value!)));
    }

    [Fact]
    public async Task ProduceAsync_AcksLeader_SendsNoProducerId()
    {
        _h.CreateTopic("plain", 1);
        using var producer = _h.Producer(new ProducerConfig { LingerMs = 0, Acks = Acks.Leader });
        await producer.ProduceAsync("plain", new Message<string?, string?> { Value = "v" });
        var header = Assert.Single(Headers("plain", 0));
        Assert.Equal(-1, header.ProducerId);
        Assert.Equal(-1, header.BaseSequence);
    }

    [Fact]
    public void CreateProducer_MaxInFlightAboveFive_DisablesDefaultIdempotenceOrRejectsExplicitOne()
    {
        var config = new ProducerConfig { LingerMs = 0 };
        config.Set("max.in.flight.requests.per.connection", "6");
        using (var producer = _h.Producer(config)) Assert.Equal(-1, Internal(producer).ProducerId);

        var explicitConfig = new ProducerConfig { LingerMs = 0, EnableIdempotence = true };
        explicitConfig.Set("max.in.flight.requests.per.connection", "6");
        var error = Assert.Throws<InvalidConfigurationException>(() => _h.Producer(explicitConfig));
        Assert.Contains("max.in.flight.requests.per.connection", error.Message, StringComparison.Ordinal);

        var five = new ProducerConfig { LingerMs = 0 };
        five.Set("max.in.flight.requests.per.connection", "5");
        using (var producer = _h.Producer(five)) Assert.True(Internal(producer).ProducerId >= 0);
    }

    [Fact]
    public void CreateProducer_TwoProducers_GetDistinctIncreasingIds()
    {
        using var first = _h.Producer();
        using var second = _h.Producer();
        Assert.True(Internal(second).ProducerId > Internal(first).ProducerId);
    }

    [Fact]
    public void InitProducerId_AcrossCleanRestartsAndBlocks_NeverReusesAnId()
    {
        var seen = new List<long>();
        for (int i = 0; i < 1500; i++) seen.Add(_h.Broker.InitProducerId().ProducerId); // crosses a block of 1000
        _h.Restart();
        seen.Add(_h.Broker.InitProducerId().ProducerId);
        _h.CrashAndReopen();
        seen.Add(_h.Broker.InitProducerId().ProducerId);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(seen, id => Assert.True(id >= 0));
        Assert.Equal((short)0, _h.Broker.InitProducerId().Epoch);
    }

    [Fact]
    public void InitProducerId_AfterPowerLoss_NeverReusesAnId()
    {
        var storage = new PowerLossStorage();
        var options = new EmbeddedBrokerOptions { DataDirectory = $"/power-loss/{Guid.NewGuid():N}", Storage = storage };
        long highest = -1;
        for (int round = 0; round < 4; round++)
        {
            var broker = EmbeddedBroker.Open(options);
            long id = broker.InitProducerId().ProducerId;
            Assert.True(id > highest, $"round {round}: id {id} after {highest}");
            for (int i = 0; i < 700; i++) highest = broker.InitProducerId().ProducerId; // every other round crosses a block
            storage.SimulatePowerLoss(new Random(round));
            storage.PowerOn();
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void InitProducerId_PowerLossWhileWritingABlock_NeverReusesAnId(int seed)
    {
        var random = new Random(seed);
        var storage = new PowerLossStorage();
        var options = new EmbeddedBrokerOptions { DataDirectory = $"/power-loss/{Guid.NewGuid():N}", Storage = storage };
        var broker = EmbeddedBroker.Open(options);
        long highest = broker.InitProducerId().ProducerId;
        storage.ArmPowerLoss(random.Next(1, 8), random); // lands inside one of the next block writes, tearing it
        var failure = Assert.ThrowsAny<Exception>(() =>
        {
            for (int i = 0; i < 20_000; i++) highest = broker.InitProducerId().ProducerId;
        });
        Assert.True(failure is StorageException or IOException, failure.ToString());
        storage.PowerOn();

        using var reopened = EmbeddedBroker.Open(options);
        long next = reopened.InitProducerId().ProducerId;
        Assert.True(next > highest, $"id {next} handed out again after a power loss (highest before: {highest})");
    }
}
