using Microsoft.Extensions.Time.Testing;
using Streaming.Broker.Log;
using Streaming.Broker.Tests.Storage;
using Streaming.Broker.Tests.TestSupport;
using Streaming.Protocol.Records;

namespace Streaming.Broker.Tests.Log;

public sealed class CompactionTests : IDisposable
{
    private static readonly string Padding = new('p', 80);
    private readonly FakeTimeProvider _time = BrokerHarness.FakeTime();
    private readonly BrokerHarness _h;

    public CompactionTests() => _h = new BrokerHarness(Quiet, _time);

    public void Dispose() => _h.Dispose();

    /// <summary>Background retention and cleaning far apart, so each test runs them itself.</summary>
    private static void Quiet(EmbeddedBrokerOptions o)
    {
        o.RetentionCheckInterval = TimeSpan.FromDays(30);
        o.LogCleanerInterval = TimeSpan.FromDays(30);
    }

    private static Dictionary<string, string> Compacted(params (string Key, string Value)[] extra)
    {
        var configs = new Dictionary<string, string> { ["cleanup.policy"] = "compact", ["segment.bytes"] = "1024" };
        foreach (var (k, v) in extra) configs[k] = v;
        return configs;
    }

    private PartitionLog Log(string topic) => _h.Broker.Topics.GetPartition(new TopicPartition(topic, 0));

    /// <summary>Produces each record as its own batch; returns what was stored at each offset.</summary>
    private async Task<List<Stored>> ProduceAsync(string topic, IEnumerable<(string? Key, string? Value)> records)
    {
        using var producer = _h.Producer();
        var stored = new List<Stored>();
        foreach (var (key, value) in records)
        {
            var result = await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<string?, string?> { Key = key, Value = value });
            stored.Add(new Stored(result.Offset.Value, key, value));
        }
        return stored;
    }

    /// <summary><paramref name="rounds"/> values for each of <paramref name="keys"/> keys, round by round, padded so segments roll.</summary>
    private static IEnumerable<(string? Key, string? Value)> Rounds(int keys, int rounds, string tag = "v")
    {
        for (int r = 0; r < rounds; r++)
            for (int k = 0; k < keys; k++)
                yield return ($"k{k}", $"{tag}{r}-{Padding}");
    }

    /// <summary>Reads the partition from <paramref name="from"/> until the consumer's position reaches the log end.</summary>
    private static List<Stored> ReadAll(EmbeddedBroker broker, string topic, long from = 0)
    {
        using var consumer = new ConsumerBuilder<string?, string?>(broker, new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Error }).Build();
        var tp = new TopicPartition(topic, 0);
        consumer.Assign([new TopicPartitionOffset(tp, from)]);
        long end = broker.Topics.GetPartition(tp).LogEndOffset;
        var records = new List<Stored>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (consumer.Position(tp).Value < end)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the consumer stalled at {consumer.Position(tp).Value} of {end}");
            var r = consumer.Consume(TimeSpan.FromMilliseconds(50));
            if (r is not null) records.Add(new Stored(r.Offset.Value, r.Message.Key, r.Message.Value));
        }
        Assert.Equal(end, consumer.Position(tp).Value);
        return records;
    }

    private List<Stored> ReadAll(string topic, long from = 0) => ReadAll(_h.Broker, topic, from);

    /// <summary>
    /// Kafka's outcome of cleaning up to <paramref name="cleanableEnd"/>: below it, the latest record of each key (a tombstone
    /// only while <paramref name="tombstonesKept"/>); from it on, everything.
    /// </summary>
    private static List<Stored> Expected(List<Stored> produced, long cleanableEnd, bool tombstonesKept = true)
    {
        var latest = produced.Where(s => s.Offset < cleanableEnd).GroupBy(s => s.Key).ToDictionary(g => g.Key!, g => g.Max(s => s.Offset));
        return produced.Where(s => s.Offset >= cleanableEnd || (latest[s.Key!] == s.Offset && (s.Value is not null || tombstonesKept))).ToList();
    }

    [Fact]
    public async Task RunLogCleaner_KeysWithSeveralValues_KeepsOnlyTheLatestValuePerKeyAtItsOffset()
    {
        _h.CreateTopic("c", 1, Compacted());
        var produced = await ProduceAsync("c", Rounds(keys: 6, rounds: 6));
        var log = Log("c");
        long cleanableEnd = log.Segments[^1].BaseOffset;
        long sizeBefore = log.SizeInBytes;
        Assert.True(log.SegmentCount >= 4, "the test needs several closed segments");

        var result = _h.Broker.RunLogCleaner();

        Assert.Equal(1, result.PartitionsCleaned);
        Assert.True(result.SegmentsRewritten > 0);
        var expected = Expected(produced, cleanableEnd);
        Assert.Equal(produced.Count - expected.Count, result.RecordsRemoved);
        Assert.True(log.SizeInBytes < sizeBefore);
        Assert.Equal((0, produced.Count), (log.LogStartOffset, log.LogEndOffset)); // offsets never change
        Assert.Equal(expected, ReadAll("c"));
        Assert.Equal(cleanableEnd, log.CleanerCheckpoint);
    }

    [Fact]
    public async Task Consume_FromAnyOffsetOfACompactedLog_StartsAtTheFirstSurvivorAtOrAfterIt()
    {
        _h.CreateTopic("seek", 1, Compacted());
        var produced = await ProduceAsync("seek", Rounds(keys: 4, rounds: 6));
        long cleanableEnd = Log("seek").Segments[^1].BaseOffset;
        _h.Broker.RunLogCleaner();
        var expected = Expected(produced, cleanableEnd);
        Assert.True(expected.Count < produced.Count);

        for (long offset = 0; offset < produced.Count; offset++)
        {
            var read = ReadAll("seek", offset);
            Assert.Equal(expected.Where(s => s.Offset >= offset), read);
        }
    }

    [Fact]
    public async Task RunLogCleaner_Tombstone_IsKeptUntilDeleteRetentionMsHasPassed()
    {
        _h.CreateTopic("t", 1, Compacted(("delete.retention.ms", "60000"), ("min.cleanable.dirty.ratio", "0.01")));
        var produced = await ProduceAsync("t", [("gone", "v1-" + Padding), ("kept", "v1-" + Padding), ("gone", null)]);
        produced.AddRange(await ProduceAsync("t", Rounds(keys: 3, rounds: 4, tag: "a")));
        long firstEnd = Log("t").Segments[^1].BaseOffset;

        _h.Broker.RunLogCleaner();
        var afterFirst = ReadAll("t");
        Assert.Equal(Expected(produced, firstEnd, tombstonesKept: true), afterFirst);
        Assert.Contains(afterFirst, s => s is { Key: "gone", Value: null });
        Assert.DoesNotContain(afterFirst, s => s is { Key: "gone", Value: not null });

        _time.Advance(TimeSpan.FromSeconds(59)); // not yet: the tombstone is 59 s old
        produced.AddRange(await ProduceAsync("t", Rounds(keys: 3, rounds: 4, tag: "b")));
        Assert.Equal(1, _h.Broker.RunLogCleaner().PartitionsCleaned);
        Assert.Contains(ReadAll("t"), s => s is { Key: "gone", Value: null });

        _time.Advance(TimeSpan.FromSeconds(2)); // now 61 s
        produced.AddRange(await ProduceAsync("t", Rounds(keys: 3, rounds: 4, tag: "c")));
        long lastEnd = Log("t").Segments[^1].BaseOffset;
        Assert.Equal(1, _h.Broker.RunLogCleaner().PartitionsCleaned);
        var afterLast = ReadAll("t");
        Assert.DoesNotContain(afterLast, s => s.Key == "gone");
        Assert.Equal(Expected(produced, lastEnd, tombstonesKept: false), afterLast);
        Assert.Contains(afterLast, s => s.Key == "kept");
    }

    [Fact]
    public async Task RunLogCleaner_OnlyActiveSegment_CleansNothing()
    {
        _h.CreateTopic("a", 1, new() { ["cleanup.policy"] = "compact" }); // 1 GiB segments: everything stays in the active one
        var produced = await ProduceAsync("a", Rounds(keys: 2, rounds: 5));
        Assert.Equal(1, Log("a").SegmentCount);

        Assert.Equal(default, _h.Broker.RunLogCleaner());
        Assert.Equal(produced, ReadAll("a"));
    }

    [Fact]
    public async Task RunLogCleaner_SeveralSegments_LeavesTheActiveSegmentsDuplicatesAlone()
    {
        _h.CreateTopic("a2", 1, Compacted());
        var produced = await ProduceAsync("a2", Rounds(keys: 3, rounds: 6));
        var log = Log("a2");
        var active = log.Segments[^1];
        Assert.True(produced.Count(s => s.Offset >= active.BaseOffset) >= 2, "the active segment should hold records");
        long activeSize = active.Size;

        _h.Broker.RunLogCleaner();

        Assert.Same(active, log.Segments[^1]);
        Assert.Equal(activeSize, active.Size);
        var read = ReadAll("a2");
        Assert.Equal(produced.Where(s => s.Offset >= active.BaseOffset), read.Where(s => s.Offset >= active.BaseOffset));
    }

    [Theory]
    [InlineData(Streaming.CompressionType.Gzip)]
    [InlineData(Streaming.CompressionType.Lz4)]
    [InlineData(Streaming.CompressionType.Zstd)]
    [InlineData(Streaming.CompressionType.Snappy)]
    public async Task RunLogCleaner_CompressedBatches_KeepsSurvivorsCompressedWithTheSameCodec(Streaming.CompressionType codec)
    {
        _h.CreateTopic("z", 1, Compacted());
        var produced = new List<Stored>();
        using (var producer = _h.Producer(new ProducerConfig { LingerMs = 600_000, CompressionType = codec }))
        {
            // Six records per batch, each batch mixing keys; flushed batch by batch so segments fill up and roll.
            for (int batch = 0; batch < 12; batch++)
            {
                var pending = new List<Task<DeliveryResult<string?, string?>>>();
                for (int i = 0; i < 6; i++)
                    pending.Add(producer.ProduceAsync(new TopicPartition("z", 0), new Message<string?, string?> { Key = $"k{(batch * 6 + i) % 5}", Value = $"b{batch}-{i}-{Guid.NewGuid()}" }));
                producer.Flush(TimeSpan.FromSeconds(10));
                foreach (var r in await Task.WhenAll(pending)) produced.Add(new Stored(r.Offset.Value, r.Message.Key, r.Message.Value));
            }
        }
        var log = Log("z");
        long cleanableEnd = log.Segments[^1].BaseOffset;
        Assert.True(log.SegmentCount >= 3, "the test needs several closed segments");

        var result = _h.Broker.RunLogCleaner();

        Assert.True(result.RecordsRemoved > 0);
        Assert.Equal(Expected(produced, cleanableEnd), ReadAll("z"));
        var headers = log.Segments.SelectMany(Batches).ToList();
        Assert.Contains(headers, h => h.RecordsCount < h.LastOffsetDelta + 1 && h.RecordsCount > 0); // a batch was filtered, not dropped
        Assert.All(headers.Where(h => h.RecordsCount > 0), h => Assert.Equal((Streaming.Protocol.Records.CompressionType)(int)codec, h.Compression));
    }

    private static List<RecordBatchHeader> Batches(LogSegment segment)
    {
        var headers = new List<RecordBatchHeader>();
        var buffer = new byte[RecordBatchHeader.Size];
        for (long position = 0; position < segment.Size;)
        {
            segment.Read(position, buffer);
            var header = RecordBatchHeader.Read(buffer);
            headers.Add(header);
            position += header.TotalSize;
        }
        return headers;
    }

    [Theory]
    [InlineData("compact")]
    [InlineData("compact,delete")]
    public async Task ProduceAsync_NullKeyOnCompactedTopic_IsRejectedNamingTheTopic(string policy)
    {
        _h.CreateTopic("nk", 1, new() { ["cleanup.policy"] = policy });
        using var producer = _h.Producer();
        var ex = await Assert.ThrowsAsync<InvalidRecordException>(() => producer.ProduceAsync("nk", new Message<string?, string?> { Key = null, Value = "v" }));
        Assert.Contains("'nk'", ex.Message);
        Assert.Contains("null key", ex.Message);
        Assert.Equal(ErrorCode.InvalidRecord, ex.Code);
        Assert.Equal(0, Log("nk").LogEndOffset);
        Assert.Equal(0, (await producer.ProduceAsync("nk", new Message<string?, string?> { Key = "k", Value = "v" })).Offset.Value);
    }

    [Fact]
    public async Task ProduceAsync_NullKeyInACompressedBatchOnCompactedTopic_IsRejected()
    {
        _h.CreateTopic("nkz", 1, new() { ["cleanup.policy"] = "compact" });
        using var producer = _h.Producer(new ProducerConfig { LingerMs = 600_000, CompressionType = Streaming.CompressionType.Lz4 });
        var keyed = producer.ProduceAsync("nkz", new Message<string?, string?> { Key = "k", Value = "v" });
        var keyless = producer.ProduceAsync("nkz", new Message<string?, string?> { Key = null, Value = "v" });
        producer.Flush(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<InvalidRecordException>(() => keyless);
        await Assert.ThrowsAsync<InvalidRecordException>(() => keyed); // the whole batch is refused, as in Kafka
        Assert.Equal(0, Log("nkz").LogEndOffset);
    }

    [Fact]
    public async Task ApplyRetention_CompactDelete_AppliesRetentionButCompactAloneDoesNot()
    {
        _h.CreateTopic("both", 1, Compacted(("cleanup.policy", "compact,delete"), ("retention.ms", "3600000")));
        _h.CreateTopic("only", 1, Compacted(("retention.ms", "3600000")));
        await ProduceAsync("both", Rounds(keys: 3, rounds: 5));
        await ProduceAsync("only", Rounds(keys: 3, rounds: 5));
        _time.Advance(TimeSpan.FromHours(2));
        await ProduceAsync("both", [("new", "x")]);
        await ProduceAsync("only", [("new", "x")]);

        Assert.True(_h.Broker.RunRetention() > 0);

        Assert.True(Log("both").LogStartOffset > 0);
        Assert.Equal(0, Log("only").LogStartOffset);
        Assert.Equal(16, ReadAll("only").Count);
    }

    [Fact]
    public async Task RunLogCleaner_AfterRestart_DoesNotCleanAgainUntilEnoughNewDataArrives()
    {
        _h.CreateTopic("cp", 1, Compacted(("min.cleanable.dirty.ratio", "0.75")));
        var produced = await ProduceAsync("cp", Rounds(keys: 5, rounds: 6));
        long cleanableEnd = Log("cp").Segments[^1].BaseOffset;
        Assert.Equal(1, _h.Broker.RunLogCleaner().PartitionsCleaned);

        _h.Restart();

        Assert.Equal(cleanableEnd, Log("cp").CleanerCheckpoint);
        Assert.Equal(default, _h.Broker.RunLogCleaner()); // the checkpoint says everything closed is clean
        Assert.Equal(Expected(produced, cleanableEnd), ReadAll("cp"));

        // A little new data stays below min.cleanable.dirty.ratio; a lot goes above it.
        await ProduceAsync("cp", Rounds(keys: 5, rounds: 1, tag: "n"));
        if (Log("cp").Segments[^1].BaseOffset > cleanableEnd)
        {
            var log = Log("cp");
            long dirty = log.Segments[..^1].Where(s => s.BaseOffset >= cleanableEnd).Sum(s => s.Size);
            long clean = log.Segments[..^1].Where(s => s.BaseOffset < cleanableEnd).Sum(s => s.Size);
            Assert.True((double)dirty / (dirty + clean) < 0.75, "the test assumed a small dirty share");
        }
        Assert.Equal(default, _h.Broker.RunLogCleaner());
        produced.AddRange(await ProduceAsync("cp", Rounds(keys: 5, rounds: 12, tag: "m")));
        Assert.Equal(1, _h.Broker.RunLogCleaner().PartitionsCleaned);
    }

    [Fact]
    public async Task IncrementalAlterTopicConfigs_ExistingTopicSwitchedToCompact_IsCleaned()
    {
        _h.CreateTopic("sw", 1, new() { ["segment.bytes"] = "1024" });
        var produced = await ProduceAsync("sw", Rounds(keys: 4, rounds: 6));
        long cleanableEnd = Log("sw").Segments[^1].BaseOffset;
        Assert.Equal(default, _h.Broker.RunLogCleaner()); // cleanup.policy=delete: not compacted
        Assert.Equal(produced, ReadAll("sw"));

        using (var admin = _h.Admin())
            await admin.IncrementalAlterTopicConfigsAsync("sw", new Dictionary<string, string?> { ["cleanup.policy"] = "compact" });

        Assert.Equal(1, _h.Broker.RunLogCleaner().PartitionsCleaned);
        Assert.Equal(Expected(produced, cleanableEnd), ReadAll("sw"));
    }

    [Fact]
    public async Task LogCleanerTimer_RunsEveryLogCleanerInterval()
    {
        var time = BrokerHarness.FakeTime();
        using var h = new BrokerHarness(o => o.RetentionCheckInterval = TimeSpan.FromDays(30), time);
        h.CreateTopic("tick", 1, Compacted());
        using (var producer = h.Producer())
        {
            foreach (var (key, value) in Rounds(keys: 3, rounds: 6))
                await producer.ProduceAsync("tick", new Message<string?, string?> { Key = key, Value = value });
        }
        var log = h.Broker.Topics.GetPartition(new TopicPartition("tick", 0));
        long sizeBefore = log.SizeInBytes;

        time.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(0, log.CleanerCheckpoint);
        time.Advance(TimeSpan.FromSeconds(1)); // 15 s: Kafka's log.cleaner.backoff.ms

        Assert.True(log.CleanerCheckpoint > 0);
        Assert.True(log.SizeInBytes < sizeBefore);
    }

    [Fact]
    public async Task RunLogCleaner_WhileReadersRead_ReadersOnlySeeWholeProducedRecords()
    {
        _h.CreateTopic("live", 1, Compacted(("min.cleanable.dirty.ratio", "0.01")));
        var produced = new List<Stored>(await ProduceAsync("live", Rounds(keys: 4, rounds: 4)));
        var log = Log("live");
        using var stop = new CancellationTokenSource();
        int reads = 0;
        // Readers go straight to the log, over the segment list as they found it, while the cleaner swaps segments.
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var buffer = new byte[64 * 1024];
            while (!stop.IsCancellationRequested)
            {
                long offset = 0;
                while (true)
                {
                    var result = log.Read(offset, buffer);
                    Assert.Equal(ErrorCode.None, result.Error);
                    if (result.BytesRead == 0) break;
                    int position = 0;
                    while (position < result.BytesRead)
                    {
                        Assert.Equal(BatchValidation.Valid, RecordBatch.Validate(buffer.AsSpan(position, result.BytesRead - position), out var header));
                        offset = Math.Max(offset, header.NextOffset);
                        position += header.TotalSize;
                    }
                }
                Interlocked.Increment(ref reads);
            }
        })).ToList();

        for (int round = 0; round < 5; round++)
        {
            produced.AddRange(await ProduceAsync("live", Rounds(keys: 4, rounds: 2, tag: $"r{round}-")));
            _h.Broker.RunLogCleaner();
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Volatile.Read(ref reads) < 10 && DateTime.UtcNow < deadline) await Task.Yield();
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.True(reads >= 10);
        var read = ReadAll("live");
        Assert.All(read, s => Assert.Equal(produced[(int)s.Offset], s));
        Assert.Equal(Expected(produced, log.CleanerCheckpoint), read);
    }

    [Fact]
    public void Open_PowerLossAtEachStepOfAClean_LeavesEveryLatestValueExactlyOnce()
    {
        // One run per storage operation of the clean, the power cut at that operation, until a clean completes first.
        int operation = 1;
        while (RunCleanWithPowerLossAt(operation)) operation++;
        Assert.True(operation > 10, $"a clean took only {operation - 1} storage operations");
    }

    /// <summary>Returns false when the clean finished before the armed power loss.</summary>
    private static bool RunCleanWithPowerLossAt(long operation)
    {
        var storage = new PowerLossStorage();
        var options = new EmbeddedBrokerOptions { DataDirectory = $"/compaction/{Guid.NewGuid():N}", Storage = storage };
        Quiet(options);
        var broker = EmbeddedBroker.Open(options);
        List<Stored> produced = [];
        List<Stored> expected;
        try
        {
            using (var admin = broker.CreateAdminClient(new AdminClientConfig()))
                admin.CreateTopicsAsync([new TopicSpecification { Name = "pl", Configs = Compacted(("index.interval.bytes", "0")) }]).GetAwaiter().GetResult();
            using (var producer = new ProducerBuilder<string, string>(broker, new ProducerConfig { LingerMs = 0, Acks = Acks.All }).Build())
            {
                foreach (var (key, value) in Rounds(keys: 4, rounds: 5))
                    produced.Add(new Stored(producer.ProduceAsync("pl", new Message<string, string> { Key = key!, Value = value! }).GetAwaiter().GetResult().Offset.Value, key, value));
            }
            expected = Expected(produced, broker.Topics.GetPartition(new TopicPartition("pl", 0)).Segments[^1].BaseOffset);
            Assert.True(expected.Count < produced.Count);
            storage.ArmPowerLoss(operation, new Random((int)operation));
            broker.RunLogCleaner();
            if (!storage.IsDown)
            {
                storage.ArmPowerLoss(long.MaxValue / 2, new Random(0)); // disarm
                broker.Dispose();
                return false;
            }
        }
        finally
        {
            broker.AbandonForTests();
        }

        storage.PowerOn();
        using var reopened = EmbeddedBroker.Open(options);
        string directory = reopened.Topics.GetPartition(new TopicPartition("pl", 0)).Directory;
        Assert.Empty(storage.EnumerateFiles(directory, "*.cleaned").Concat(storage.EnumerateFiles(directory, "*.swap")));

        // Partly cleaned is fine: every record read is the one produced at its offset, and every key's latest value is there once.
        var read = ReadAll(reopened, "pl");
        Assert.All(read, s => Assert.Equal(produced[(int)s.Offset], s));
        Assert.Equal(read.Select(s => s.Offset).Distinct().Order(), read.Select(s => s.Offset));
        foreach (var latest in expected) Assert.Single(read, latest);

        // And the next clean finishes the job.
        reopened.RunLogCleaner();
        Assert.Equal(expected, ReadAll(reopened, "pl"));
        return true;
    }

    private sealed record Stored(long Offset, string? Key, string? Value);
}
