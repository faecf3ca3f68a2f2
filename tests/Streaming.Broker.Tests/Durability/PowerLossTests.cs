using Streaming.Broker.Tests.Storage;
using Xunit;
using Xunit.Abstractions;

namespace Streaming.Broker.Tests.Durability;

/// <summary>
/// Power loss at a random moment during production, on <see cref="PowerLossStorage"/>: everything not fsynced is lost
/// (the last write of a file possibly torn), then a new broker opens the same storage and recovers. These tests run in
/// memory, so each one's "directory" is a unique virtual path in its own storage object: there is nothing on disk to clean.
/// </summary>
public sealed class PowerLossTests(ITestOutputHelper output)
{
    private const string Topic = "events";
    private const int Partitions = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void Open_AfterPowerLossDuringAcksAllProduction_KeepsEveryAcknowledgedRecordAtItsOffset(int seed)
    {
        var run = RunUntilPowerLoss(seed, Acks.All, fsync: true);
        using var broker = run.Reopened!;
        Assert.False(broker.WasCleanStart);
        Assert.True(run.Acked.Count > 0, "the power went off before anything was acknowledged: the seed tests nothing");

        var stored = LogVerifier.ReadAll(broker, Topic, Partitions, Timeout);
        LogVerifier.AssertWellFormed(stored, Partitions, run.Produced);
        LogVerifier.AssertAllAckedPresent(stored, run.Acked);
        AssertAppendsContinue(broker, stored);
    }

    [Fact]
    public void Open_AfterPowerLossWithFsyncRemoved_LosesAcknowledgedRecords()
    {
        // The same scenario with Flush a no-op must lose acknowledged records: this proves the test above would catch
        // a missing fsync (or an ack sent before the fsync).
        var losses = new List<string>();
        for (int seed = 1; seed <= 6 && losses.Count == 0; seed++)
        {
            var run = RunUntilPowerLoss(seed, Acks.All, fsync: false);
            using var broker = run.Reopened!;
            var stored = LogVerifier.ReadAll(broker, Topic, Partitions, Timeout);
            var missing = LogVerifier.MissingAcked(stored, run.Acked);
            output.WriteLine($"seed {seed}: {run.Acked.Count} acknowledged, {missing.Count} lost");
            if (missing.Count > 0) losses.Add($"seed {seed}: {missing.Count} of {run.Acked.Count}");
        }
        Assert.NotEmpty(losses);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Open_AfterPowerLossDuringAcksOneProduction_ServesAnUncorruptedDenseLog(int seed)
    {
        var run = RunUntilPowerLoss(seed, Acks.Leader, fsync: true);
        using var broker = run.Reopened!;
        Assert.False(broker.WasCleanStart);

        // acks=1 records may be lost, but what is served is whole, dense, produced once, and where it was acknowledged.
        var stored = LogVerifier.ReadAll(broker, Topic, Partitions, Timeout);
        LogVerifier.AssertWellFormed(stored, Partitions, run.Produced);
        var acked = run.Acked.ToDictionary(a => (a.Partition, a.Offset));
        foreach (var record in stored)
        {
            if (acked.TryGetValue((record.Partition, record.Offset), out var ack))
                Assert.Equal(ack.Value, record.Value);
        }
        output.WriteLine($"seed {seed}: {run.Acked.Count} acknowledged, {stored.Count} survived");
        AssertAppendsContinue(broker, stored);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    [InlineData(24)]
    [InlineData(25)]
    [InlineData(26)]
    public void Dispose_PowerLossDuringCleanShutdown_NextOpenKeepsEveryAcknowledgedRecord(int seed)
    {
        var random = new Random(seed);
        var (storage, options, broker) = OpenWithTopic();
        var workload = new DurabilityWorkload(broker, Topic, Acks.All, producers: 3, recordsPerProducer: 300, seed);
        Assert.True(DurabilityWorkload.WaitUntil(() => workload.AllFinished, Timeout));
        workload.Stop(Timeout);
        Assert.Equal(workload.Produced.Count, workload.AckedCount);

        storage.ArmPowerLoss(random.Next(1, 40), random); // somewhere in the shutdown: index writes, fsyncs, the clean marker
        broker.Dispose(); // must not throw, even when the storage fails under it
        if (!storage.IsDown) storage.SimulatePowerLoss(random);
        storage.PowerOn();

        using var reopened = EmbeddedBroker.Open(options);
        var stored = LogVerifier.ReadAll(reopened, Topic, Partitions, Timeout);
        LogVerifier.AssertWellFormed(stored, Partitions, workload.Produced);
        LogVerifier.AssertAllAckedPresent(stored, workload.Acked);
        Assert.Equal(workload.AckedCount, stored.Count);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(34)]
    public void Open_PowerLossDuringRecovery_NextOpenStillKeepsEveryAcknowledgedRecord(int seed)
    {
        var run = RunUntilPowerLoss(seed, Acks.All, fsync: true, reopen: false);
        var random = new Random(seed);
        for (int attempt = 0; ; attempt++)
        {
            // Power fails again while the broker recovers (cutting tails, rebuilding indexes, writing the dirty marker).
            run.Storage.ArmPowerLoss(random.Next(1, 30), random);
            try
            {
                var broker = EmbeddedBroker.Open(run.Options);
                if (!run.Storage.IsDown) break; // recovered before the armed moment
                broker.AbandonForTests();
            }
            catch (IOException)
            {
                Assert.True(run.Storage.IsDown);
            }
            run.Storage.PowerOn();
            Assert.True(attempt < 20, "recovery never finished");
        }
        run.Storage.ArmPowerLoss(long.MaxValue / 2, random); // disarm
        run.Storage.SimulatePowerLoss(random); // and once more after the recovery, before anything new was written
        run.Storage.PowerOn();

        using var reopened = EmbeddedBroker.Open(run.Options);
        var stored = LogVerifier.ReadAll(reopened, Topic, Partitions, Timeout);
        LogVerifier.AssertWellFormed(stored, Partitions, run.Produced);
        LogVerifier.AssertAllAckedPresent(stored, run.Acked);
    }

    private sealed record Run(EmbeddedBroker? Reopened, IReadOnlyCollection<AckedRecord> Acked, IReadOnlyDictionary<string, string> Produced,
        PowerLossStorage Storage, EmbeddedBrokerOptions Options);

    private static (PowerLossStorage Storage, EmbeddedBrokerOptions Options, EmbeddedBroker Broker) OpenWithTopic()
    {
        var storage = new PowerLossStorage();
        var options = new EmbeddedBrokerOptions
        {
            DataDirectory = $"/power-loss/{Guid.NewGuid():N}",
            Storage = storage,
            RetentionCheckInterval = TimeSpan.FromHours(1),
        };
        options.DefaultTopicConfigs["segment.bytes"] = "4096";
        var broker = EmbeddedBroker.Open(options);
        using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
            admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = Partitions }]).GetAwaiter().GetResult();
        return (storage, options, broker);
    }

    private Run RunUntilPowerLoss(int seed, Acks acks, bool fsync, bool reopen = true)
    {
        var random = new Random(seed);
        var (storage, options, broker) = OpenWithTopic();
        storage.FsyncEnabled = fsync;
        storage.ArmPowerLoss(random.Next(100, 2500), random);

        var workload = new DurabilityWorkload(broker, Topic, acks, producers: 4, recordsPerProducer: 2000, seed);
        var deadline = DateTime.UtcNow + Timeout;
        while (!storage.PowerLost.WaitOne(TimeSpan.FromMilliseconds(20)))
        {
            if (workload.AllFinished) storage.SimulatePowerLoss(random); // the armed moment was not reached: cut it now
            Assert.True(DateTime.UtcNow < deadline, "the power loss never happened");
        }
        long operations = storage.Operations;

        // The old process is dead: its producers fail every outstanding record (the storage refuses its handles), and
        // the broker object is dropped without a clean shutdown.
        workload.Stop(Timeout);
        broker.AbandonForTests();
        int acked = workload.AckedCount;
        output.WriteLine($"seed {seed}: power lost after {operations} storage operations, {acked} records acknowledged, {workload.Produced.Count} produced");

        storage.PowerOn();
        var reopened = reopen ? EmbeddedBroker.Open(options) : null;
        return new Run(reopened, workload.Acked, workload.Produced, storage, options);
    }

    /// <summary>After recovery the log takes new records at its end offset, which become readable.</summary>
    private static void AssertAppendsContinue(EmbeddedBroker broker, List<StoredRecord> stored)
    {
        using var producer = new ProducerBuilder<string, string>(broker, new ProducerConfig { Acks = Acks.All }).Build();
        for (int p = 0; p < Partitions; p++)
        {
            long end = stored.Count(r => r.Partition == p);
            var result = producer.ProduceAsync(new TopicPartition(Topic, p), new Message<string, string> { Key = "after", Value = $"after-{p}" })
                .GetAwaiter().GetResult();
            Assert.Equal(end, result.Offset.Value);
        }
        var again = LogVerifier.ReadAll(broker, Topic, Partitions, Timeout);
        Assert.Equal(stored.Count + Partitions, again.Count);
        Assert.All(Enumerable.Range(0, Partitions), p => Assert.Equal($"after-{p}", again.Last(r => r.Partition == p).Value));
    }
}
