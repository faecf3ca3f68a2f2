using System.Diagnostics;
using System.Text;
using Streaming.Broker;
using Xunit.Abstractions;

namespace Streaming.Streams.Tests.Runtime;

/// <summary>
/// A counting topology in a child process (embedded broker and all) is killed with SIGKILL at random moments and restarted
/// until it has drained 200,000 input records; the counts it committed are then checked against the true counts.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Records = 200_000;
    private const int Words = 1000;
    private const int Kills = 4;

    [Fact]
    public async Task Exactly_once_counts_are_exact_after_repeated_SIGKILLs()
    {
        (Dictionary<string, long> truth, Dictionary<string, long> counted, long processed) = await RunAsync("exactly_once_v2", seed: 11);
        Assert.Equal(truth.Count, counted.Count);
        foreach ((string word, long count) in truth) Assert.True(counted[word] == count, $"'{word}': counted {counted[word]}, true {count}");
        // The kills landed mid-stream: records were processed again after restarts, yet nothing was counted twice.
        Assert.True(processed > 2L * Records, $"only {processed} records processed over all runs: the kills did not interrupt processing");
    }

    [Fact]
    public async Task Exactly_once_holds_for_a_windowed_aggregation_after_a_join_under_repeated_SIGKILLs()
    {
        (Dictionary<string, long> truth, Dictionary<string, long> counted, long processed) = await RunAsync("exactly_once_v2", seed: 13, mode: "windowed-join");
        Assert.Equal(truth.Count, counted.Count);
        foreach ((string window, long count) in truth) Assert.True(counted.GetValueOrDefault(window) == count, $"'{window}': counted {counted.GetValueOrDefault(window)}, true {count}");
        Assert.True(processed > 2L * Records, $"only {processed} records processed over all runs: the kills did not interrupt processing");
    }

    [Fact]
    public async Task At_least_once_counts_lose_nothing_after_repeated_SIGKILLs()
    {
        (Dictionary<string, long> truth, Dictionary<string, long> counted, long _) = await RunAsync("at_least_once", seed: 12);
        Assert.Equal(truth.Count, counted.Count);
        foreach ((string word, long count) in truth) Assert.True(counted[word] >= count, $"'{word}': counted {counted[word]} < true {count}: a record was lost");
        long over = counted.Sum(c => c.Value) - truth.Sum(t => t.Value);
        output.WriteLine($"at_least_once over-counted {over} record(s) across {counted.Count(c => c.Value > truth[c.Key])} word(s)");
    }

    private async Task<(Dictionary<string, long> Truth, Dictionary<string, long> Counted, long Processed)> RunAsync(string guarantee, int seed, string mode = "count")
    {
        string dir = Path.Combine(Path.GetTempPath(), "streaming-streams-crash", Guid.NewGuid().ToString("N"));
        try
        {
            var truth = await ProduceInputAsync(dir, seed, mode);
            var random = new Random(seed);
            long processedTotal = 0;
            for (int kill = 0; kill < Kills; kill++)
            {
                long threshold = random.Next(20_000, 150_000);
                (bool drained, long processed) = await RunChildAsync(dir, guarantee, killAt: threshold, mode);
                processedTotal += processed;
                output.WriteLine($"run {kill}: {(drained ? "drained" : "killed")} after {processed} processed (kill threshold {threshold})");
                if (drained) break;
            }
            (bool done, long last) = await RunChildAsync(dir, guarantee, killAt: long.MaxValue, mode);
            processedTotal += last;
            Assert.True(done, "the last run did not drain the input");
            return (truth, ReadCounts(dir, mode), processedTotal);
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string Group(string word) => "g" + (int.Parse(word.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) % 17);

    private static async Task<Dictionary<string, long>> ProduceInputAsync(string dir, int seed, string mode)
    {
        using var broker = OpenBroker(dir);
        using (IAdminClient admin = broker.CreateAdminClient(new AdminClientConfig()))
        {
            await admin.CreateTopicsAsync([
                new TopicSpecification { Name = "input", NumPartitions = 3 },
                new TopicSpecification { Name = "counts-out", NumPartitions = 3 },
                new TopicSpecification { Name = "groups", NumPartitions = 3 },
            ]);
        }
        var random = new Random(seed);
        var truth = new Dictionary<string, long>();
        using var producer = new ProducerBuilder<string, string>(broker, new ProducerConfig { Acks = Acks.All }).Build();
        for (int w = 0; w < Words; w++) producer.Produce("groups", new Message<string, string> { Key = "w" + w, Value = Group("w" + w), Timestamp = new Timestamp(1) });
        producer.Flush(TimeSpan.FromSeconds(60));
        for (int i = 0; i < Records; i++)
        {
            string word = "w" + random.Next(Words);
            long ts = 1_000_000 + i;
            string key = mode == "windowed-join" ? $"{Group(word)}@{ts / 10_000 * 10_000}" : word;
            truth[key] = truth.GetValueOrDefault(key) + 1;
            producer.Produce("input", new Message<string, string> { Key = "r" + i, Value = word, Timestamp = new Timestamp(ts) });
        }
        producer.Flush(TimeSpan.FromSeconds(60));
        return truth;
    }

    private static Dictionary<string, long> ReadCounts(string dir, string mode)
    {
        using var broker = OpenBroker(dir);
        var windowed = WindowedSerdes.TimeWindowedSerde(Serdes.String, 10_000).Deserializer;
        using var consumer = new ConsumerBuilder<byte[], long>(broker, new ConsumerConfig { IsolationLevel = IsolationLevel.ReadCommitted, EnableAutoCommit = false }).Build();
        var latest = new Dictionary<string, long>();
        for (int p = 0; p < 3; p++)
        {
            var tp = new TopicPartition("counts-out", p);
            long end = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
            consumer.Assign([new TopicPartitionOffset(tp, Offset.Beginning)]);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (consumer.Position(tp).Value < end && DateTime.UtcNow < deadline)
            {
                var r = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (r is not { IsPartitionEOF: false }) continue;
                string key;
                if (mode == "windowed-join")
                {
                    Windowed<string> w = windowed.Deserialize(r.Message.Key, false, new SerializationContext(MessageComponentType.Key, "counts-out"));
                    key = $"{w.Key}@{w.Window.Start}";
                }
                else key = System.Text.Encoding.UTF8.GetString(r.Message.Key);
                latest[key] = r.Message.Value;
            }
        }
        return latest;
    }

    private static EmbeddedBroker OpenBroker(string dir) => EmbeddedBroker.Open(new EmbeddedBrokerOptions
    {
        DataDirectory = Path.Combine(dir, "broker"),
        AutoCreateTopics = false,
        GroupInitialRebalanceDelay = TimeSpan.Zero,
        TransactionStateTopicPartitions = 4,
        OffsetsTopicPartitions = 4,
    });

    /// <summary>Runs the child until it drains (true) or has processed <paramref name="killAt"/> records in this run, then kills it with SIGKILL.</summary>
    private static async Task<(bool Drained, long Processed)> RunChildAsync(string dir, string guarantee, long killAt, string mode)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Streaming.Streams.CrashChild.dll");
        string host = Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add(dir);
        start.ArgumentList.Add(guarantee);
        start.ArgumentList.Add(Records.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(mode);
        using var child = Process.Start(start)!;
        long processed = 0;
        bool drained = false;
        var stderr = new StringBuilder();
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data == "drained") Volatile.Write(ref drained, true);
            else if (e.Data.StartsWith("processed ", StringComparison.Ordinal)) Interlocked.Exchange(ref processed, long.Parse(e.Data.AsSpan(10), System.Globalization.CultureInfo.InvariantCulture));
        };
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data);
        };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!child.HasExited && Interlocked.Read(ref processed) < killAt && DateTime.UtcNow < deadline) await Task.Delay(5);
        if (!child.HasExited)
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            if (killAt == long.MaxValue) throw new Xunit.Sdk.XunitException("the child did not drain within 3 minutes: " + stderr);
            return (false, Interlocked.Read(ref processed));
        }
        await child.WaitForExitAsync();
        if (child.ExitCode != 0) throw new Xunit.Sdk.XunitException($"the child exited with {child.ExitCode}: {stderr}");
        return (Volatile.Read(ref drained), Interlocked.Read(ref processed));
    }
}
