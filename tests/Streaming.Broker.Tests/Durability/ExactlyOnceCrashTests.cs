using System.Diagnostics;
using System.Globalization;
using Streaming.Broker.Tests.TestSupport;
using Streaming.Broker.Transactions;
using Streaming.Protocol.Records;
using Xunit.Abstractions;

namespace Streaming.Broker.Tests.Durability;

/// <summary>
/// The exactly-once crash test: a child process runs an exactly-once consume-transform-produce loop over 100,000 input
/// records and is killed with SIGKILL at random moments, then restarted, until the input is drained. The broker lives in
/// the child, so every kill is also a broker crash and every restart a broker recovery plus a fencing InitTransactions
/// that aborts the transaction the dead incarnation left open. Afterwards the output read with read_committed holds
/// exactly one result per input record, and the group's committed offsets equal the input's end.
/// </summary>
public sealed class ExactlyOnceCrashTests(ITestOutputHelper output) : IDisposable
{
    private const string Input = "eos-in";
    private const string Output = "eos-out";
    private const string Group = "eos-group";
    private const string TransactionalId = Group + ".exactly-once"; // ExactlyOnceProcessor's default for the group
    private const int Partitions = 4;
    private const int Records = 100_000;
    private const int MaxKills = 12;

    // The child hands at most this many records a second to its transform, so a full drain takes about 4 s and the kills
    // land mid-run; unpaced, it drains 100,000 records in a fraction of a second (see the benchmark).
    private const int PacedRecordsPerSecond = 25_000;

    // Shorter than the processor's 100 ms default: more commits per second, so more kills land inside one (between
    // the durable PrepareCommit and the markers, say), the path the broker's recovery has to finish.
    private const int CommitIntervalMs = 25;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>The child's transform (Streaming.Broker.CrashChild, EosTransform).</summary>
    private static long Transform(long value) => value * 31 + 7;

    [Fact]
    public void ExactlyOnceProcessor_RepeatedSigkillOfProcessAndBroker_OutputHoldsEachInputOnceAndOffsetsReachInputEnd()
    {
        int seed = Environment.GetEnvironmentVariable("STREAMING_EOS_CRASH_SEED") is { } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"seed {seed} (set STREAMING_EOS_CRASH_SEED={seed} to replay this kill schedule)");
        var random = new Random(seed);
        var total = Stopwatch.StartNew();

        using (var seeder = new ChildProcess("seed", _directory.Path, Input, Output, Partitions.ToString(CultureInfo.InvariantCulture), Records.ToString(CultureInfo.InvariantCulture)))
        {
            seeder.WaitForExit(Timeout);
            Assert.True(seeder.ExitCode == 0 && seeder.Lines().Contains($"seeded {Records}"), $"seeding failed: {string.Join(" | ", seeder.Lines())}; stderr: {seeder.StandardError}");
        }

        int kills = 0;
        int runs = 0;
        long committed = 0;
        bool drained = false;
        while (!drained && kills < MaxKills)
        {
            runs++;
            // Every other kill (and half the rest) waits until a random amount more is committed, then up to 150 ms (a
            // commit interval is 25 ms): it lands while transactions are open or committing. The others fall in the first
            // 400 ms after start: process start, broker recovery, InitTransactions (which aborts the previous run's open
            // transaction), the group join, the first transactions (processing starts after about 200 ms here).
            bool duringProcessing = kills % 2 == 0 || random.Next(2) == 0;
            long target = committed + random.NextInt64(1, Math.Max(2, (Records - committed) / 3));
            var delay = TimeSpan.FromMilliseconds(duringProcessing ? random.Next(0, 150) : random.Next(0, 400));
            using var child = StartProcessor(PacedRecordsPerSecond);
            if (duringProcessing)
            {
                bool reached = DurabilityWorkload.WaitUntil(() => child.HasExited || LastCommitted(child) >= target, Timeout);
                Assert.True(reached, $"run {runs}: the child committed {LastCommitted(child)} of the {target} awaited within {Timeout}; stderr: {child.StandardError}");
            }
            if (DurabilityWorkload.WaitUntil(() => child.HasExited, delay))
            {
                drained = AssertDrained(child, runs);
                output.WriteLine($"run {runs}: finished by itself before its kill: {child.Lines().LastOrDefault()}");
                break;
            }
            child.Kill(Timeout);
            kills++;
            var lines = child.Lines();
            committed = Math.Max(committed, LastCommitted(lines));
            output.WriteLine($"run {runs}: SIGKILL {(duringProcessing ? $"{delay.TotalMilliseconds:F0} ms after committed >= {target}" : $"{delay.TotalMilliseconds:F0} ms after start")}; "
                             + $"last line '{lines.LastOrDefault() ?? "(none: before the broker opened)"}'");
        }
        if (!drained)
        {
            runs++;
            using var child = StartProcessor(maxRecordsPerSecond: 0);
            child.WaitForExit(Timeout);
            drained = AssertDrained(child, runs);
            output.WriteLine($"run {runs}: ran to the end: {child.Lines().LastOrDefault()}");
        }
        output.WriteLine($"{kills} kills over {runs} runs, {total.Elapsed.TotalSeconds:F1} s");

        using var broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = _directory.Path, RetentionCheckInterval = TimeSpan.FromHours(1) });
        VerifyOutput(broker, kills);
        VerifyOffsets(broker);
        ReportTransactionLog(broker);
    }

    private ChildProcess StartProcessor(int maxRecordsPerSecond)
        => new("eos", _directory.Path, Input, Output, Group, maxRecordsPerSecond.ToString(CultureInfo.InvariantCulture),
            CommitIntervalMs.ToString(CultureInfo.InvariantCulture));

    private static bool AssertDrained(ChildProcess child, int run)
    {
        child.WaitForExit(Timeout);
        var lines = child.Lines();
        Assert.True(child.ExitCode == 0 && lines.Any(l => l.StartsWith("drained ", StringComparison.Ordinal)),
            $"run {run}: the child exited with {child.ExitCode} without draining; last lines: {string.Join(" | ", lines.TakeLast(3))}; stderr: {child.StandardError}");
        return true;
    }

    private static long LastCommitted(ChildProcess child) => LastCommitted(child.Lines());

    /// <summary>The last "committed &lt;n&gt; …" progress line's n: the group's committed offsets summed over the input.</summary>
    private static long LastCommitted(List<string> lines)
    {
        for (int i = lines.Count - 1; i >= 0; i--)
        {
            var parts = lines[i].Split(' ');
            if (parts.Length >= 2 && parts[0] == "committed") return long.Parse(parts[1], CultureInfo.InvariantCulture);
        }
        return 0;
    }

    /// <summary>
    /// read_committed: every input record's result exactly once (count, a bitmap over the input sequence numbers, the
    /// sums of keys and values). read_uncommitted: at least as many; the surplus is the aborted transactions' records.
    /// </summary>
    private void VerifyOutput(EmbeddedBroker broker, int kills)
    {
        var outputLogs = broker.Topics.Get(Output).Partitions;
        foreach (var log in outputLogs)
        {
            Assert.Empty(log.OpenTransactions());
            Assert.Equal(log.LogEndOffset, log.LastStableOffset);
        }
        var inputLogs = broker.Topics.Get(Input).Partitions;
        Assert.Equal(Records, inputLogs.Sum(l => l.LogEndOffset - l.LogStartOffset));

        var seen = new bool[Records];
        long count = 0;
        long keySum = 0;
        long valueXor = 0;
        ReadOutput(broker, IsolationLevel.ReadCommitted, (key, value) =>
        {
            Assert.True(key is >= 0 and < Records, $"read_committed: key {key} is no input sequence number");
            Assert.True(!seen[key], $"read_committed: the result of input {key} is in the output twice");
            Assert.True(value == Transform(key), $"read_committed: the result of input {key} is {value}, not {Transform(key)}");
            seen[key] = true;
            count++;
            keySum += key;
            valueXor ^= value;
        });
        long expectedXor = 0;
        for (long i = 0; i < Records; i++) expectedXor ^= Transform(i);
        int missing = Array.IndexOf(seen, false);
        Assert.True(missing < 0, $"read_committed: the result of input {missing} is missing ({count} of {Records} results)");
        Assert.Equal(Records, count);
        Assert.Equal((long)Records * (Records - 1) / 2, keySum);
        Assert.Equal(expectedXor, valueXor);

        long uncommitted = 0;
        ReadOutput(broker, IsolationLevel.ReadUncommitted, (key, value) =>
        {
            Assert.True(key is >= 0 and < Records && value == Transform(key), $"read_uncommitted: ({key}, {value}) is no result of an input record");
            uncommitted++;
        });
        long aborted = uncommitted - Records;
        output.WriteLine($"output: {count} results read_committed (each input once, checksums match); {uncommitted} records read_uncommitted, "
                         + $"so {aborted} records of aborted transactions; {outputLogs.Sum(l => l.LogEndOffset)} offsets in all (markers included)");
        Assert.True(uncommitted >= Records, $"read_uncommitted saw {uncommitted} records, fewer than the {Records} committed ones");
        // Half the kills at least wait for processing, which sends records within linger.ms of their transform: those
        // kills leave an open transaction with records in the output, which the next run aborts.
        if (kills >= 2) Assert.True(aborted > 0, $"{kills} kills, yet no record of an aborted transaction is in the output");
    }

    private static void ReadOutput(EmbeddedBroker broker, IsolationLevel isolation, Action<long, long> visit)
    {
        var config = new ConsumerConfig { IsolationLevel = isolation, ClientId = $"verify-{isolation}" };
        using var consumer = new ConsumerBuilder<long, long>(broker, config).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Output, p)).ToArray();
        consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var ends = partitions.Select(tp => consumer.QueryWatermarkOffsets(tp, Timeout).High.Value).ToArray();
        var stopwatch = Stopwatch.StartNew();
        // The position passes markers and aborted batches too, so it reaches the end offset even when the log ends with them.
        while (partitions.Select((tp, i) => consumer.Position(tp).Value < ends[i]).Any(behind => behind))
        {
            Assert.True(stopwatch.Elapsed < Timeout, $"{isolation}: could not read the output to its end within {Timeout}");
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is not null) visit(result.Message.Key, result.Message.Value);
        }
    }

    /// <summary>The group's committed offset of every input partition is that partition's end; none is left pending.</summary>
    private void VerifyOffsets(EmbeddedBroker broker)
    {
        using var consumer = new ConsumerBuilder<long, long>(broker, new ConsumerConfig { GroupId = Group, ClientId = "verify-offsets" }).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Input, p)).ToArray();
        var committed = consumer.Committed(partitions, Timeout);
        foreach (var tp in partitions)
        {
            long end = broker.Topics.GetPartition(tp).LogEndOffset;
            Assert.Equal(end, committed.Single(c => c.TopicPartition == tp).Offset.Value);
            Assert.False(broker.Groups.Offsets.HasPendingTransactionalOffset(Group, tp), $"{tp}: a transactional offset commit is still pending");
        }
        output.WriteLine($"committed offsets of '{Group}': {string.Join(", ", committed.Select(c => $"{c.Partition}:{c.Offset.Value}"))} = the input's end offsets");
    }

    /// <summary>
    /// Counts, in <c>__transaction_state</c>, the epochs the transactional id went through (one InitTransactions each)
    /// and the transactions aborted (PrepareAbort): the processor never aborts by itself here, so each abort is the
    /// fencing InitTransactions of a restart finding the dead run's transaction open.
    /// </summary>
    private void ReportTransactionLog(EmbeddedBroker broker)
    {
        var states = new List<(short Epoch, TransactionState State)>();
        var buffer = new byte[1 << 20];
        foreach (var log in broker.Topics.Get(TransactionCoordinator.TopicName).Partitions)
        {
            long offset = log.LogStartOffset;
            while (offset < log.LogEndOffset)
            {
                var read = log.Read(offset, buffer);
                Assert.True(read.BytesRead > 0, $"{log.TopicPartition}: nothing read at {offset}");
                int position = 0;
                while (position < read.BytesRead)
                {
                    var header = RecordBatchHeader.Read(buffer.AsSpan(position));
                    var reader = new RecordReader(header, buffer.AsSpan(position + RecordBatchHeader.Size, header.TotalSize - RecordBatchHeader.Size));
                    while (reader.TryRead(out var record))
                    {
                        if (record.Offset >= offset && !record.ValueIsNull && TransactionLogRecords.TryDecodeKey(record.Key, out var id) && id == TransactionalId
                            && TransactionLogRecords.TryDecodeValue(id, record.Value, out var metadata))
                        {
                            states.Add((metadata.ProducerEpoch, metadata.State));
                        }
                    }
                    position += header.TotalSize;
                    offset = header.NextOffset;
                }
            }
        }
        int aborts = states.Count(s => s.State == TransactionState.PrepareAbort);
        int commits = states.Count(s => s.State == TransactionState.CompleteCommit);
        output.WriteLine($"__transaction_state of '{TransactionalId}': {states.Select(s => s.Epoch).Distinct().Count()} epochs (InitTransactions), "
                         + $"{commits} transactions committed, {aborts} aborted by a restart");
        Assert.True(states[^1].State is TransactionState.Empty or TransactionState.CompleteCommit or TransactionState.CompleteAbort,
            $"the transactional id was left in state {states[^1].State}: a transaction is open or half-ended");
    }
}
