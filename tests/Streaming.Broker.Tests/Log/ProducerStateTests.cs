using Streaming.Broker.Log;
using Streaming.Broker.Tests.Storage;
using Streaming.Broker.Tests.TestSupport;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Tests.Log;

/// <summary>
/// The broker side of idempotent producers: batches carrying (producer id, epoch, sequence) appended straight to a
/// partition log, as any Kafka client's would be.
/// </summary>
public sealed class ProducerStateTests : IDisposable
{
    private const string Topic = "idem";
    private const long Pid = 42;
    private static readonly long Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private readonly BrokerHarness _h;

    public ProducerStateTests()
    {
        _h = new BrokerHarness();
        _h.CreateTopic(Topic, 1);
    }

    public void Dispose() => _h.Dispose();

    private PartitionLog Log => _h.Broker.Topics.Get(Topic).Partitions[0];

    internal static byte[] Batch(long producerId, short epoch, int baseSequence, int records, string key = "k", string padding = "")
    {
        using var builder = new RecordBatchBuilder(1024);
        builder.Reset(Streaming.Protocol.Records.CompressionType.None, producerId, epoch, baseSequence);
        for (int i = 0; i < records; i++)
            builder.Append(Timestamp, System.Text.Encoding.UTF8.GetBytes(key), false, System.Text.Encoding.UTF8.GetBytes($"seq-{baseSequence + i}{padding}"), false, 0, default);
        return builder.Seal().ToArray();
    }

    private static AppendInfo Append(PartitionLog log, byte[] batch) => log.Append(batch.ToArray()); // a fresh copy, as a resent request would be

    [Fact]
    public void Append_RetryOfOneOfLastFiveBatches_ReturnsOriginalOffsetsAndWritesNothing()
    {
        var batches = Enumerable.Range(0, 6).Select(i => Batch(Pid, 0, i * 3, 3)).ToArray();
        var infos = batches.Select(b => Append(Log, b)).ToArray();
        long end = Log.LogEndOffset;
        Assert.Equal(18, end);

        for (int i = 1; i < 6; i++)
        {
            var retry = Append(Log, batches[i]);
            Assert.Equal((infos[i].BaseOffset, infos[i].LastOffset), (retry.BaseOffset, retry.LastOffset));
        }
        Assert.Equal(end, Log.LogEndOffset);
        Assert.Equal(Enumerable.Range(0, 18).Select(i => $"seq-{i}"), _h.ReadAll(Topic).Select(r => r.Message.Value));
    }

    [Fact]
    public void Append_RetryOfBatchOlderThanTheLastFive_IsRejectedAsOutOfOrder()
    {
        // Kafka remembers 5 batches per producer: an older one can no longer be matched, and must not be written again.
        var batches = Enumerable.Range(0, 6).Select(i => Batch(Pid, 0, i, 1)).ToArray();
        foreach (var b in batches) Append(Log, b);
        var error = Assert.Throws<OutOfOrderSequenceException>(() => Append(Log, batches[0]));
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, error.Code);
        Assert.Equal(6, Log.LogEndOffset);
    }

    [Fact]
    public void Append_SequenceGap_ThrowsOutOfOrderSequenceAndLeavesLogIntact()
    {
        Append(Log, Batch(Pid, 0, 0, 2));
        var error = Assert.Throws<OutOfOrderSequenceException>(() => Append(Log, Batch(Pid, 0, 5, 1)));
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, error.Code);
        Assert.Equal((short)45, (short)error.Code);
        Assert.Contains("sequence 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("next expected sequence is 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Log.LogEndOffset);

        var next = Append(Log, Batch(Pid, 0, 2, 1));
        Assert.Equal(2, next.BaseOffset);
        Assert.Equal(["seq-0", "seq-1", "seq-2"], _h.ReadAll(Topic).Select(r => r.Message.Value));
    }

    [Fact]
    public void Append_StaleEpoch_ThrowsInvalidProducerEpoch()
    {
        Append(Log, Batch(Pid, 1, 0, 1));
        var error = Assert.Throws<InvalidProducerEpochException>(() => Append(Log, Batch(Pid, 0, 1, 1)));
        Assert.Equal(ErrorCode.InvalidProducerEpoch, error.Code);
        Assert.Equal((short)47, (short)error.Code);
        Assert.Contains("epoch 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Log.LogEndOffset);
    }

    [Fact]
    public void Append_NewEpochNotStartingAtSequenceZero_ThrowsOutOfOrderSequence()
    {
        Append(Log, Batch(Pid, 0, 0, 5));
        var error = Assert.Throws<OutOfOrderSequenceException>(() => Append(Log, Batch(Pid, 1, 5, 1)));
        Assert.Contains("must start at sequence 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, Log.LogEndOffset);

        var bumped = Append(Log, Batch(Pid, 1, 0, 1));
        Assert.Equal(5, bumped.BaseOffset);
        Assert.Equal((short)1, Log.ProducerState(Pid)!.Value.Epoch);
        // The old epoch is fenced from now on.
        Assert.Throws<InvalidProducerEpochException>(() => Append(Log, Batch(Pid, 0, 5, 1)));
    }

    [Fact]
    public void Append_SequenceReachingIntMaxValue_WrapsToZero()
    {
        Append(Log, Batch(Pid, 0, int.MaxValue - 1, 2)); // sequences MaxValue-1 and MaxValue
        Assert.Equal(int.MaxValue, Log.ProducerState(Pid)!.Value.LastSequence);
        Assert.Throws<OutOfOrderSequenceException>(() => Append(Log, Batch(Pid, 0, 1, 1)));
        var wrapped = Append(Log, Batch(Pid, 0, 0, 3));
        Assert.Equal(2, wrapped.BaseOffset);
        Assert.Equal(2, Log.ProducerState(Pid)!.Value.LastSequence);
    }

    [Fact]
    public void Append_ProducersAreIndependent_AndBatchesWithoutProducerIdAreNotChecked()
    {
        Append(Log, Batch(Pid, 0, 0, 1));
        Append(Log, Batch(Pid + 1, 0, 0, 1));
        var plain = Batch(-1, -1, -1, 1);
        Append(Log, plain);
        Append(Log, plain); // no producer id: no deduplication, as in Kafka
        Assert.Equal(4, Log.LogEndOffset);
        Assert.Null(Log.ProducerState(-1));
    }

    [Fact]
    public void Append_DuplicateOfLastBatchAfterCleanRestart_ReturnsOriginalOffsets()
    {
        var batches = Enumerable.Range(0, 3).Select(i => Batch(Pid, 0, i * 2, 2)).ToArray();
        var last = batches.Select(b => Append(Log, b)).ToArray()[^1];
        _h.Restart();

        var retry = Append(Log, batches[^1]);
        Assert.Equal((last.BaseOffset, last.LastOffset), (retry.BaseOffset, retry.LastOffset));
        Assert.Equal(6, Log.LogEndOffset);
        Assert.Throws<OutOfOrderSequenceException>(() => Append(Log, Batch(Pid, 0, 7, 1)));
        Assert.Equal(6, Append(Log, Batch(Pid, 0, 6, 1)).BaseOffset);
    }

    [Fact]
    public void Append_DuplicateOfLastBatchAfterCrash_ReturnsOriginalOffsets()
    {
        var batches = Enumerable.Range(0, 3).Select(i => Batch(Pid, 0, i * 2, 2)).ToArray();
        var last = batches.Select(b => Append(Log, b)).ToArray()[^1];
        _h.CrashAndReopen();
        Assert.False(_h.Broker.WasCleanStart);

        var retry = Append(Log, batches[^1]);
        Assert.Equal((last.BaseOffset, last.LastOffset), (retry.BaseOffset, retry.LastOffset));
        Assert.Equal(6, Log.LogEndOffset);
    }

    [Fact]
    public void Append_DuplicateOfLastFlushedBatchAfterPowerLoss_ReturnsOriginalOffsets()
    {
        var storage = new PowerLossStorage();
        var options = new EmbeddedBrokerOptions { DataDirectory = $"/power-loss/{Guid.NewGuid():N}", Storage = storage };
        options.DefaultTopicConfigs["segment.bytes"] = "1024"; // several segments: the state is rebuilt from all of them
        var broker = EmbeddedBroker.Open(options);
        var log = broker.GetOrCreateTopic(Topic).Partitions[0];
        var batches = Enumerable.Range(0, 40).Select(i => Batch(Pid, 0, i * 2, 2)).ToArray();
        var infos = batches.Select(b => Append(log, b)).ToArray();
        log.Flush();
        Assert.True(log.SegmentCount > 2);
        storage.SimulatePowerLoss(new Random(7));
        storage.PowerOn();

        using var reopened = EmbeddedBroker.Open(options);
        var relog = reopened.Topics.Get(Topic).Partitions[0];
        Assert.False(reopened.WasCleanStart);
        for (int i = 35; i < 40; i++)
        {
            var retry = Append(relog, batches[i]);
            Assert.Equal((infos[i].BaseOffset, infos[i].LastOffset), (retry.BaseOffset, retry.LastOffset));
        }
        Assert.Equal(80, relog.LogEndOffset);
        Assert.Equal(79, relog.ProducerState(Pid)!.Value.LastSequence);
    }

    [Fact]
    public void Append_AfterCompactionEmptiedProducersLastBatchAndRestart_StillKnowsItsLastSequence()
    {
        var time = BrokerHarness.FakeTime();
        using var h = new BrokerHarness(o =>
        {
            o.RetentionCheckInterval = TimeSpan.FromDays(30);
            o.LogCleanerInterval = TimeSpan.FromDays(30);
        }, time);
        h.CreateTopic("compacted", 1, new Dictionary<string, string> { ["cleanup.policy"] = "compact", ["segment.bytes"] = "1024" });
        PartitionLog Compacted() => h.Broker.Topics.Get("compacted").Partitions[0];
        string padding = new('p', 100);
        const long other = Pid + 1;

        Append(Compacted(), Batch(Pid, 0, 0, 1, key: "kept", padding: padding));
        var superseded = Append(Compacted(), Batch(Pid, 0, 1, 1, key: "shared", padding: padding));
        // Another producer overwrites "shared" many times, so the batch above is emptied by cleaning and segments roll.
        for (int i = 0; i < 30; i++) Append(Compacted(), Batch(other, 0, i, 1, key: "shared", padding: padding));
        Assert.True(Compacted().SegmentCount > 3);
        var cleaning = h.Broker.RunLogCleaner();
        Assert.True(cleaning.RecordsRemoved > 0);
        h.Restart();

        // The emptied batch was kept: after the restart the producer's last sequence is still 1, not 0.
        Assert.Equal(1, Compacted().ProducerState(Pid)!.Value.LastSequence);
        var retry = Append(Compacted(), Batch(Pid, 0, 1, 1, key: "shared", padding: padding));
        Assert.Equal(superseded.BaseOffset, retry.BaseOffset);
        long end = Compacted().LogEndOffset;
        Assert.Equal(end, Append(Compacted(), Batch(Pid, 0, 2, 1, key: "kept", padding: padding)).BaseOffset);
    }

    [Fact]
    public void ExpireProducers_AfterProducerIdExpirationOfInactivity_ForgetsTheProducer()
    {
        var time = BrokerHarness.FakeTime();
        using var h = new BrokerHarness(o => o.ProducerIdExpiration = TimeSpan.FromHours(1), time);
        h.CreateTopic(Topic, 1);
        var log = h.Broker.Topics.Get(Topic).Partitions[0];
        Append(log, Batch(Pid, 0, 0, 1));
        time.Advance(TimeSpan.FromMinutes(50));
        Append(log, Batch(Pid, 0, 1, 1)); // activity: the hour starts again
        time.Advance(TimeSpan.FromMinutes(50));
        h.Broker.ExpireProducers();
        Assert.NotNull(log.ProducerState(Pid));
        Assert.Throws<OutOfOrderSequenceException>(() => Append(log, Batch(Pid, 0, 9, 1)));

        time.Advance(TimeSpan.FromMinutes(10));
        h.Broker.ExpireProducers();
        Assert.Null(log.ProducerState(Pid));
        // Forgotten: its next batch is accepted at whatever sequence, as Kafka does for an unknown producer.
        Assert.Equal(2, Append(log, Batch(Pid, 0, 9, 1)).BaseOffset);
    }

    [Fact]
    public void CleanShutdown_WritesASnapshotThatTheNextOpenLoadsAndDeletes()
    {
        var batches = Enumerable.Range(0, 3).Select(i => Batch(Pid, 0, i * 2, 2)).ToArray();
        var infos = batches.Select(b => Append(Log, b)).ToArray();
        var before = Log.ProducerState(Pid);
        string snapshot = Path.Combine(Log.Directory, "producer-state.snapshot");

        _h.Broker.Dispose();
        Assert.True(File.Exists(snapshot)); // written by the clean shutdown
        _h.Restart();
        Assert.False(File.Exists(snapshot)); // read once and deleted, so a later crash cannot trust it
        var after = Log.ProducerState(Pid)!.Value;
        Assert.Equal((before!.Value.Epoch, before.Value.LastSequence), (after.Epoch, after.LastSequence));
        Assert.Equal(before.Value.Batches, after.Batches);
        var retry = Append(Log, batches[2]);
        Assert.Equal(infos[2].BaseOffset, retry.BaseOffset);
        // Proof that the snapshot, not a rebuild, was used: it keeps the append time as the producer's last activity,
        // while a rebuild only has the batches' timestamps (here 2026-01-01, long before now).
        Assert.Equal(0, Log.ExpireProducers(DateTimeOffset.UtcNow, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void DamagedSnapshot_IsIgnoredAndTheStateRebuiltFromTheLog()
    {
        var batches = Enumerable.Range(0, 3).Select(i => Batch(Pid, 0, i * 2, 2)).ToArray();
        var infos = batches.Select(b => Append(Log, b)).ToArray();
        string snapshot = Path.Combine(Log.Directory, "producer-state.snapshot");
        _h.Broker.Dispose();
        byte[] bytes = File.ReadAllBytes(snapshot);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(snapshot, bytes);
        _h.Restart();
        Assert.False(File.Exists(snapshot));
        Assert.Equal(5, Log.ProducerState(Pid)!.Value.LastSequence);
        Assert.Equal(infos[1].BaseOffset, Append(Log, batches[1]).BaseOffset);
        Assert.Throws<OutOfOrderSequenceException>(() => Append(Log, Batch(Pid, 0, 9, 1)));
        Assert.Equal(1, Log.ExpireProducers(DateTimeOffset.UtcNow, TimeSpan.FromDays(1))); // rebuilt: activity = batch timestamps
    }
}
