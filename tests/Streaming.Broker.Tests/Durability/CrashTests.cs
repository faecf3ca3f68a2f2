using Streaming.Broker.Tests.TestSupport;
using System.Globalization;
using Xunit;
using Xunit.Abstractions;

namespace Streaming.Broker.Tests.Durability;

/// <summary>
/// A real child process producing with acks=all is killed with SIGKILL at random moments, several times over; afterwards
/// every record it was acknowledged must be in the log, once, at its offset. SIGKILL alone cannot prove durability — the
/// OS page cache outlives the process, so even unsynced writes survive it — that is what <see cref="PowerLossTests"/> is
/// for. This test proves that recovery after a real crash (a torn or half-written tail, no clean-shutdown marker, a lock
/// left by a dead process) keeps every acknowledged record and serves nothing corrupt.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private const string Topic = "crash";
    private const int Partitions = 3;
    private const int Producers = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Open_AfterRepeatedSigkillDuringAcksAllProduction_KeepsEveryAcknowledgedRecordAtItsOffset()
    {
        var random = new Random(42);
        var acked = new List<AckedRecord>();
        const int cycles = 5;
        for (int run = 0; run < cycles; run++)
        {
            int threshold = random.Next(200, 20_000);
            using var child = new ChildProcess("produce", _directory.Path, run.ToString(CultureInfo.InvariantCulture), Topic,
                Partitions.ToString(CultureInfo.InvariantCulture), Producers.ToString(CultureInfo.InvariantCulture));
            bool reached = DurabilityWorkload.WaitUntil(() => child.LineCount >= threshold || child.HasExited, Timeout);
            Assert.True(reached && !child.HasExited, $"run {run}: the child acknowledged {child.LineCount} of {threshold} records in time; stderr: {child.StandardError}");
            child.Kill(Timeout);

            var lines = child.Lines();
            foreach (var line in lines)
            {
                var parts = line.Split(' ');
                Assert.True(parts.Length == 4 && parts[0] == "ack", $"run {run}: unexpected output '{line}'");
                long seq = long.Parse(parts[3], CultureInfo.InvariantCulture);
                acked.Add(new AckedRecord(int.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture),
                    $"key-{seq % 16}", $"{run}-{seq % Producers}:{seq}"));
            }
            output.WriteLine($"run {run}: killed after {lines.Count} acknowledgements (threshold {threshold})");
        }

        using var broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = _directory.Path, RetentionCheckInterval = TimeSpan.FromHours(1) });
        Assert.False(broker.WasCleanStart);
        var stored = LogVerifier.ReadAll(broker, Topic, Partitions, Timeout);
        output.WriteLine($"{acked.Count} acknowledged, {stored.Count} in the log, {broker.RecoveredTruncatedBytes} bytes cut at the last open");
        LogVerifier.AssertWellFormed(stored, Partitions, KeyOf);
        LogVerifier.AssertAllAckedPresent(stored, acked);
    }

    /// <summary>The child's producer p writes value "run-p:seq" (seq ≡ p mod the producer count) with key "key-(seq % 16)".</summary>
    private static string? KeyOf(string value)
    {
        var parts = value.Split(':', '-');
        return parts.Length == 3 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int run) && run is >= 0 and < 5
               && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int producer)
               && long.TryParse(parts[2], CultureInfo.InvariantCulture, out long seq) && seq % Producers == producer
            ? $"key-{seq % 16}"
            : null;
    }
}
