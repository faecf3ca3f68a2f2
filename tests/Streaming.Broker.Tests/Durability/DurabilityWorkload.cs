using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit;

namespace Streaming.Broker.Tests.Durability;

/// <summary>A record the log acknowledged: where it went and what it was.</summary>
internal readonly record struct AckedRecord(int Partition, long Offset, string Key, string Value);

/// <summary>A record as read back from the log.</summary>
internal readonly record struct StoredRecord(int Partition, long Offset, string Key, string Value);

/// <summary>
/// Several concurrent keyed producers writing records whose values are unique (<c>producer:seq:padding</c>), each with a
/// bounded number of records in flight, recording every acknowledged (record, offset) until stopped.
/// </summary>
internal sealed class DurabilityWorkload : IDisposable
{
    private readonly ConcurrentQueue<AckedRecord> _acked = new();
    private readonly ConcurrentDictionary<string, string> _produced = new(StringComparer.Ordinal);
    private readonly List<IProducer<string, string>> _producers = [];
    private readonly List<Thread> _threads = [];
    private volatile bool _stop;
    private int _finished;

    public DurabilityWorkload(EmbeddedBroker broker, string topic, Acks acks, int producers, int recordsPerProducer, int seed)
    {
        for (int p = 0; p < producers; p++)
        {
            var config = new ProducerConfig { Acks = acks, LingerMs = 1, BatchSize = 1500 };
            var producer = new ProducerBuilder<string, string>(broker, config).Build();
            _producers.Add(producer);
            int id = p;
            var random = new Random(seed * 31 + p);
            _threads.Add(new Thread(() => Produce(producer, topic, id, recordsPerProducer, random)) { IsBackground = true, Name = $"workload-{p}" });
        }
        foreach (var thread in _threads) thread.Start();
    }

    /// <summary>Every record the producers were acknowledged for (including acks that arrive late).</summary>
    public IReadOnlyCollection<AckedRecord> Acked => _acked;

    /// <summary>Every record handed to a producer, value → key.</summary>
    public IReadOnlyDictionary<string, string> Produced => _produced;

    public bool AllFinished => Volatile.Read(ref _finished) == _threads.Count;

    public int AckedCount => _acked.Count;

    private void Produce(IProducer<string, string> producer, string topic, int id, int count, Random random)
    {
        using var inFlight = new SemaphoreSlim(200);
        try
        {
            for (int seq = 0; seq < count && !_stop; seq++)
            {
                if (!inFlight.Wait(TimeSpan.FromSeconds(10))) break;
                string key = $"key-{random.Next(16)}";
                string value = $"{id}:{seq}:{new string((char)('a' + random.Next(26)), random.Next(120))}";
                _produced[value] = key;
                producer.Produce(topic, new Message<string, string> { Key = key, Value = value }, report =>
                {
                    if (report.Error is null && report.Status == PersistenceStatus.Persisted)
                        _acked.Enqueue(new AckedRecord(report.Partition, report.Offset.Value, key, value));
                    inFlight.Release();
                });
            }
        }
        catch (Exception ex) when (ex is StreamingException or ObjectDisposedException)
        {
            // The broker or the producer went away under us (power loss): stop producing.
        }
        finally
        {
            Interlocked.Increment(ref _finished);
        }
    }

    /// <summary>Stops the producer threads and closes the producers (waiting for every outstanding delivery report).</summary>
    public void Stop(TimeSpan timeout)
    {
        _stop = true;
        var closing = Task.Run(() =>
        {
            foreach (var thread in _threads) thread.Join();
            foreach (var producer in _producers) producer.Dispose();
        });
        Assert.True(closing.Wait(timeout), "the producers did not stop in time");
    }

    public void Dispose() => Stop(TimeSpan.FromSeconds(30));

    /// <summary>Waits for <paramref name="condition"/>, polling it briefly, up to <paramref name="timeout"/>.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > timeout) return false;
            Thread.Sleep(1);
        }
        return true;
    }
}

/// <summary>Reads logs back through the consumer (which checks every batch's CRC) and checks them against what was acknowledged.</summary>
internal static class LogVerifier
{
    /// <summary>Consumes every partition of <paramref name="topic"/> from its start to its end offset at the time of the call.</summary>
    public static List<StoredRecord> ReadAll(EmbeddedBroker broker, string topic, int partitions, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<string, string>(broker, new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToArray();
        consumer.Assign(tps.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var ends = tps.Select(tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(1)).High).ToArray();
        var next = tps.Select(tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(1)).Low).ToArray();
        var records = new List<StoredRecord>();
        var stopwatch = Stopwatch.StartNew();
        while (Enumerable.Range(0, partitions).Any(p => next[p] < ends[p]))
        {
            Assert.True(stopwatch.Elapsed < timeout, $"could not read the log to its end in {timeout}: at {string.Join(",", next)} of {string.Join(",", ends)}");
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null) continue;
            records.Add(new StoredRecord(result.Partition, result.Offset.Value, result.Message.Key!, result.Message.Value!));
            next[result.Partition] = result.Offset.Value + 1;
        }
        return records;
    }

    /// <summary>Offsets of each partition start at 0, are dense and in order; every record is one that was produced, at most once.</summary>
    public static void AssertWellFormed(IReadOnlyList<StoredRecord> stored, int partitions, IReadOnlyDictionary<string, string> produced)
        => AssertWellFormed(stored, partitions, value => produced.TryGetValue(value, out var key) ? key : null);

    /// <summary>As above, with <paramref name="keyOf"/> giving the key a produced value was sent with, or null for a value never produced.</summary>
    public static void AssertWellFormed(IReadOnlyList<StoredRecord> stored, int partitions, Func<string, string?> keyOf)
    {
        for (int p = 0; p < partitions; p++)
        {
            long expected = 0;
            foreach (var record in stored.Where(r => r.Partition == p))
            {
                Assert.True(record.Offset == expected, $"partition {p}: expected offset {expected}, read {record.Offset} (offsets must be dense and in order)");
                expected++;
            }
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in stored)
        {
            string? key = keyOf(record.Value);
            Assert.True(key is not null, $"{record.Partition}@{record.Offset} holds a record nobody produced: '{record.Value}'");
            Assert.True(key == record.Key, $"{record.Partition}@{record.Offset}: key '{record.Key}' does not belong to value '{record.Value}'");
            Assert.True(seen.Add(record.Value), $"{record.Partition}@{record.Offset}: record '{record.Value}' is in the log twice");
        }
    }

    /// <summary>Acknowledged records that are not in the log at their acknowledged offset, with their content.</summary>
    public static List<AckedRecord> MissingAcked(IReadOnlyList<StoredRecord> stored, IEnumerable<AckedRecord> acked)
    {
        var byPosition = stored.ToDictionary(r => (r.Partition, r.Offset));
        return acked.Where(a => !byPosition.TryGetValue((a.Partition, a.Offset), out var r) || r.Key != a.Key || r.Value != a.Value).ToList();
    }

    /// <summary>Every acknowledged record is present exactly once, at its acknowledged offset, in each producer's order.</summary>
    public static void AssertAllAckedPresent(IReadOnlyList<StoredRecord> stored, IReadOnlyCollection<AckedRecord> acked)
    {
        var missing = MissingAcked(stored, acked);
        Assert.True(missing.Count == 0,
            $"{missing.Count} of {acked.Count} acknowledged records are lost or moved, e.g. {string.Join("; ", missing.Take(5))}");
        Assert.Equal(acked.Count, acked.Select(a => (a.Partition, a.Offset)).Distinct().Count()); // no two acks for one offset

        // A producer's records to one partition keep the order it sent them in.
        foreach (var group in acked.GroupBy(a => (a.Partition, Producer: a.Value[..a.Value.IndexOf(':', StringComparison.Ordinal)])))
        {
            var bySeq = group.OrderBy(a => int.Parse(a.Value.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).Select(a => a.Offset).ToList();
            Assert.True(bySeq.SequenceEqual(bySeq.Order()), $"producer {group.Key.Producer}'s records on partition {group.Key.Partition} are out of order");
        }
    }
}
