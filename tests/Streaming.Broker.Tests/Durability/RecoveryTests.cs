using Streaming.Broker.Tests.TestSupport;
using System.Buffers.Binary;
using Xunit;

namespace Streaming.Broker.Tests.Durability;

/// <summary>
/// Start-up recovery on the real file system: logs damaged between two runs (tails cut, bits flipped, index files lost)
/// and clean versus unclean stops. Each test works in its own temporary directory.
/// </summary>
public sealed class RecoveryTests : IDisposable
{
    private const string Topic = "orders";
    private static readonly TopicPartition Partition0 = new(Topic, 0);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string PartitionDirectory => Path.Combine(_directory.Path, $"{Topic}-0");

    private EmbeddedBroker Open() => EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = _directory.Path, RetentionCheckInterval = TimeSpan.FromHours(1) });

    private static void CreateTopic(EmbeddedBroker broker, int segmentBytes = 1024 * 1024)
    {
        using var admin = broker.CreateAdminClient(new AdminClientConfig());
        admin.CreateTopicsAsync([new TopicSpecification
        {
            Name = Topic,
            NumPartitions = 1,
            Configs = new Dictionary<string, string> { ["segment.bytes"] = $"{segmentBytes}", ["index.interval.bytes"] = "200" },
        }]).GetAwaiter().GetResult();
    }

    private static string ValueOf(long i) => $"value-{i}-" + new string('v', 60);

    private static long TimestampOf(long i) => 1_700_000_000_000 + i * 1000;

    /// <summary>Produces records <paramref name="from"/>.. each in its own batch (each acknowledged before the next is sent).</summary>
    private static void ProduceBatches(EmbeddedBroker broker, int from, int count)
    {
        using var producer = new ProducerBuilder<string, string>(broker, new ProducerConfig { Acks = Acks.All, LingerMs = 0 }).Build();
        for (int i = from; i < from + count; i++)
        {
            var message = new Message<string, string> { Key = $"key-{i}", Value = ValueOf(i), Timestamp = new Timestamp(TimestampOf(i)) };
            var result = producer.ProduceAsync(Partition0, message).GetAwaiter().GetResult();
            Assert.Equal(i, result.Offset.Value);
        }
    }

    /// <summary>Every record of partition 0, read through the consumer (CRCs checked).</summary>
    private static List<StoredRecord> ReadAll(EmbeddedBroker broker) => LogVerifier.ReadAll(broker, Topic, 1, Timeout);

    private static void AssertRecords(IReadOnlyList<StoredRecord> records, int count)
    {
        Assert.Equal(count, records.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(i, records[i].Offset);
            Assert.Equal(ValueOf(i), records[i].Value);
        }
    }

    private string[] SegmentLogs() => Directory.GetFiles(PartitionDirectory, "*.log").Order(StringComparer.Ordinal).ToArray();

    /// <summary>(position, size) of every batch in a segment file, from the batchLength field of each header.</summary>
    private static List<(int Position, int Size)> Batches(string logPath)
    {
        var bytes = File.ReadAllBytes(logPath);
        var batches = new List<(int, int)>();
        for (int position = 0; position + 12 <= bytes.Length;)
        {
            int size = 12 + BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position + 8));
            batches.Add((position, size));
            position += size;
        }
        return batches;
    }

    private static void FlipBit(string path, long position)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = position;
        int b = file.ReadByte();
        file.Position = position;
        file.WriteByte((byte)(b ^ 0x10));
    }

    [Fact]
    public void Open_AfterLogTailCutMidBatch_TruncatesTornBatchAndAppendsAtNextOffset()
    {
        using (var broker = Open())
        {
            CreateTopic(broker);
            ProduceBatches(broker, 0, 10);
            broker.AbandonForTests();
        }
        string log = SegmentLogs().Single();
        var last = Batches(log)[^1];
        using (var file = new FileStream(log, FileMode.Open, FileAccess.ReadWrite))
            file.SetLength(last.Position + last.Size / 2); // the last batch is torn in the middle

        using (var broker = Open())
        {
            Assert.False(broker.WasCleanStart);
            Assert.Equal(last.Size / 2, broker.RecoveredTruncatedBytes); // the torn half batch
            Assert.Equal(last.Position, new FileInfo(log).Length);
            AssertRecords(ReadAll(broker), 9);

            ProduceBatches(broker, 9, 3); // offset 9 again, then on
            AssertRecords(ReadAll(broker), 12);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Open_AfterBitFlipInActiveSegmentBatch_DropsThatBatchAndEverythingAfter(int batchFromEnd)
    {
        using (var broker = Open())
        {
            CreateTopic(broker);
            ProduceBatches(broker, 0, 10);
            broker.AbandonForTests();
        }
        string log = SegmentLogs().Single();
        var batches = Batches(log);
        var damaged = batches[^batchFromEnd];
        FlipBit(log, damaged.Position + damaged.Size - 5); // inside the last record; only the CRC can tell
        long length = new FileInfo(log).Length;

        using (var broker = Open())
        {
            Assert.False(broker.WasCleanStart);
            Assert.Equal(length - damaged.Position, broker.RecoveredTruncatedBytes);
            int kept = 10 - batchFromEnd;
            AssertRecords(ReadAll(broker), kept);

            ProduceBatches(broker, kept, 2);
            AssertRecords(ReadAll(broker), kept + 2);
        }
    }

    [Fact]
    public void Consume_BitFlipInOldSegment_ThrowsCorruptRecordExceptionAndServesNoRecordOfThatBatch()
    {
        // Recovery after an unclean stop scans only the active segment: older segments were fsynced (with their indexes)
        // when they were rolled, so they are trusted at open. Damage that happens to them later on the disk is caught by
        // the consumer, which checks every batch's CRC and raises CorruptRecordException instead of returning its records.
        using (var broker = Open())
        {
            CreateTopic(broker, segmentBytes: 1024);
            ProduceBatches(broker, 0, 40);
            broker.AbandonForTests();
        }
        var logs = SegmentLogs();
        Assert.True(logs.Length >= 3, $"expected several segments, got {logs.Length}");
        var damaged = Batches(logs[0])[2]; // offset 2: one record per batch
        FlipBit(logs[0], damaged.Position + damaged.Size - 5);

        using var reopened = Open();
        Assert.False(reopened.WasCleanStart);
        Assert.Equal(0, reopened.RecoveredTruncatedBytes);
        using var consumer = new ConsumerBuilder<string, string>(reopened, new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Assign([new TopicPartitionOffset(Partition0, Offset.Beginning)]);
        var served = new List<long>();
        for (int i = 0; i < 2; i++)
        {
            var result = consumer.Consume(Timeout);
            Assert.NotNull(result);
            Assert.Equal(ValueOf(i), result.Message.Value);
            served.Add(result.Offset.Value);
        }
        Assert.Equal([0L, 1L], served);
        Assert.Throws<CorruptRecordException>(() => consumer.Consume(Timeout));
        Assert.Throws<CorruptRecordException>(() => consumer.Consume(Timeout)); // still refused: the position stays before it
        Assert.Equal(2, consumer.Position(Partition0).Value);

        // Reading from beyond the damaged batch works.
        consumer.Seek(new TopicPartitionOffset(Partition0, 3));
        var after = consumer.Consume(Timeout);
        Assert.NotNull(after);
        Assert.Equal(3, after.Offset.Value);
        Assert.Equal(ValueOf(3), after.Message.Value);
    }

    [Fact]
    public void Open_OldSegmentCutShort_DropsLaterSegmentsSoTheLogStaysDense()
    {
        // Only a disk that loses fsynced data can do this; the log must still come back dense, or a reader waiting for
        // the offsets after the cut would wait forever below an end offset that promises them.
        using (var broker = Open())
        {
            CreateTopic(broker, segmentBytes: 1024);
            ProduceBatches(broker, 0, 40);
            broker.AbandonForTests();
        }
        var logs = SegmentLogs();
        Assert.True(logs.Length >= 3, $"expected several segments, got {logs.Length}");
        var batches = Batches(logs[1]);
        long firstOfSegment = long.Parse(Path.GetFileNameWithoutExtension(logs[1]), System.Globalization.CultureInfo.InvariantCulture);
        using (var file = new FileStream(logs[1], FileMode.Open, FileAccess.ReadWrite))
            file.SetLength(batches[2].Position + 10); // two whole batches left, the third torn

        using (var broker = Open())
        {
            int kept = (int)firstOfSegment + 2;
            AssertRecords(ReadAll(broker), kept);
            Assert.Equal([logs[0], logs[1]], SegmentLogs());
            ProduceBatches(broker, kept, 2);
            AssertRecords(ReadAll(broker), kept + 2);
        }
    }

    [Fact]
    public void Open_WithIndexFilesMissing_RebuildsThemAndFetchAndOffsetsForTimesStayCorrect()
    {
        const int count = 60;
        using (var broker = Open())
        {
            CreateTopic(broker, segmentBytes: 1024);
            ProduceBatches(broker, 0, count);
        }
        var originals = Directory.GetFiles(PartitionDirectory)
            .Where(f => f.EndsWith(".index", StringComparison.Ordinal) || f.EndsWith(".timeindex", StringComparison.Ordinal))
            .ToDictionary(f => f, File.ReadAllBytes);
        int segments = SegmentLogs().Length;
        Assert.True(segments >= 5, $"expected several segments, got {segments}");
        Assert.Equal(2 * segments, originals.Count);
        Assert.Contains(originals.Values, bytes => bytes.Length > 8); // the offset indexes have several entries
        foreach (var file in originals.Keys) File.Delete(file);

        using (var broker = Open())
        {
            Assert.True(broker.WasCleanStart);
            Assert.Equal(1, broker.Topics.RebuiltIndexes); // counted per partition
            Assert.Equal(0, broker.RecoveredTruncatedBytes);

            using var consumer = new ConsumerBuilder<string, string>(broker, new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
            consumer.Assign([Partition0]);
            foreach (long offset in (long[])[0, 1, 7, 13, 29, 30, 44, count - 1])
            {
                consumer.Seek(new TopicPartitionOffset(Partition0, offset));
                var result = consumer.Consume(Timeout);
                Assert.NotNull(result);
                Assert.Equal(offset, result.Offset.Value);
                Assert.Equal(ValueOf(offset), result.Message.Value);
            }

            var queries = Enumerable.Range(0, count).SelectMany(i => new[] { TimestampOf(i), TimestampOf(i) - 500 }).ToList();
            var answers = consumer.OffsetsForTimes(queries.Select(t => new TopicPartitionTimestamp(Topic, 0, new Timestamp(t))), Timeout);
            for (int q = 0; q < queries.Count; q++) Assert.Equal(q / 2, answers[q].Offset.Value);
            var pastEnd = consumer.OffsetsForTimes([new TopicPartitionTimestamp(Topic, 0, new Timestamp(TimestampOf(count)))], Timeout);
            Assert.Equal(Offset.End, pastEnd[0].Offset);
        }

        // The rebuilt indexes were written back: the same bytes as the ones lost, and the next open loads them.
        foreach (var (file, bytes) in originals) Assert.Equal(bytes, File.ReadAllBytes(file));
        using (var broker = Open())
        {
            Assert.True(broker.WasCleanStart);
            Assert.Equal(0, broker.Topics.RebuiltIndexes);
            AssertRecords(ReadAll(broker), count);
        }
    }

    [Fact]
    public void Open_AfterCleanShutdown_ReportsCleanStartAndTruncatesNothing()
    {
        using (var broker = Open())
        {
            Assert.False(broker.WasCleanStart); // a first start has no clean-shutdown marker
            CreateTopic(broker, segmentBytes: 1024);
            ProduceBatches(broker, 0, 30);
        }
        // Segment files only: the producer-state snapshot a clean shutdown writes is consumed (deleted) by the next open.
        static Dictionary<string, long> SegmentFiles(string dir) => Directory.GetFiles(dir)
            .Where(f => f.EndsWith(".log", StringComparison.Ordinal) || f.EndsWith("index", StringComparison.Ordinal))
            .ToDictionary(f => f, f => new FileInfo(f).Length);
        var lengths = SegmentFiles(PartitionDirectory);

        using (var broker = Open())
        {
            Assert.True(broker.WasCleanStart);
            Assert.Equal(0, broker.RecoveredTruncatedBytes);
            Assert.Equal(0, broker.Topics.RebuiltIndexes); // indexes loaded, not rebuilt by a recovery scan
            Assert.Equal(lengths, SegmentFiles(PartitionDirectory));
            AssertRecords(ReadAll(broker), 30);
        }
    }

    [Fact]
    public void Open_AfterUncleanStop_ReportsUncleanStartAndKeepsAcknowledgedRecords()
    {
        using (var broker = Open())
        {
            CreateTopic(broker);
            ProduceBatches(broker, 0, 5);
            broker.AbandonForTests(); // as a killed process: no clean-shutdown marker, files closed as they are
        }
        using (var broker = Open())
        {
            Assert.False(broker.WasCleanStart);
            AssertRecords(ReadAll(broker), 5);
        }
        using (var broker = Open())
        {
            Assert.True(broker.WasCleanStart); // the recovered broker itself stopped cleanly
        }
    }
}
