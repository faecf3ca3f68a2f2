using Streaming.Cli.Tests.TestSupport;

namespace Streaming.Cli.Tests.Commands;

public sealed class GroupsCommandTests(BrokerProcess broker) : IClassFixture<BrokerProcess>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TwoConsumersInOneGroup_SharePartitions_CommitOnCtrlC_AndShowLag()
    {
        Assert.Equal(0, (await broker.RunAsync("topics create", "--topic", "shared", "--partitions", "4")).ExitCode);
        string lines = string.Concat(Enumerable.Range(0, 40).Select(i => $"k{i}:v{i}\n"));
        Assert.Equal(0, (await broker.RunWithInputAsync(lines, "produce", "--topic", "shared", "--key-separator", ":")).ExitCode);

        using var first = CliProcess.Start("consume", "--topic", "shared", "--group", "sharers", "--from-beginning", "--bootstrap-server", broker.BootstrapServers);
        using var second = CliProcess.Start("consume", "--topic", "shared", "--group", "sharers", "--from-beginning", "--bootstrap-server", broker.BootstrapServers);
        var described = await Eventually.WaitAsync(() => broker.RunAsync("groups describe", "--group", "sharers"),
            r => r.Stdout.Contains("state Stable, 2 member(s)", StringComparison.Ordinal) && OwnerCount(r) == 2, Patience, "two members sharing the partitions");
        Assert.Equal(4, PartitionRows(described).Length);
        // Every record is printed once, by one member or the other.
        await Eventually.WaitAsync(() => Task.FromResult(Values(first) + Values(second)), n => n >= 40, Patience, "all 40 records consumed");

        first.Signal("INT");
        second.Signal("INT");
        var firstEnd = await first.WaitForExitAsync(Patience);
        var secondEnd = await second.WaitForExitAsync(Patience);
        Assert.True(firstEnd.ExitCode == 0, firstEnd.ToString());
        Assert.True(secondEnd.ExitCode == 0, secondEnd.ToString());
        Assert.Equal(40, firstEnd.Lines.Length + secondEnd.Lines.Length);

        Assert.Equal(0, (await broker.RunWithInputAsync("late1\nlate2\n", "produce", "--topic", "shared")).ExitCode);
        var lag = await broker.RunAsync("groups describe", "--group", "sharers");
        Assert.True(lag.ExitCode == 0, lag.ToString());
        Assert.Equal(2, PartitionRows(lag).Sum(r => long.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task SecondGroup_ReadsEverything_ThenListResetAndDelete()
    {
        Assert.Equal(0, (await broker.RunAsync("topics create", "--topic", "fanout", "--partitions", "2")).ExitCode);
        Assert.Equal(0, (await broker.RunWithInputAsync("a\nb\nc\n", "produce", "--topic", "fanout")).ExitCode);
        foreach (string group in new[] { "readers-1", "readers-2" })
        {
            var read = await broker.RunAsync("consume", "--topic", "fanout", "--group", group, "--from-beginning", "--max-messages", "3");
            Assert.True(read.ExitCode == 0, read.ToString());
            Assert.Equal(["a", "b", "c"], read.Lines.Order(StringComparer.Ordinal));
        }
        var list = await broker.RunAsync("groups list");
        Assert.Contains(list.Lines, l => l.StartsWith("readers-1", StringComparison.Ordinal));
        Assert.Contains(list.Lines, l => l.StartsWith("readers-2", StringComparison.Ordinal));

        var dry = await broker.RunAsync("groups reset-offsets", "--group", "readers-1", "--topic", "fanout", "--to-earliest", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("Dry run", dry.Stdout, StringComparison.Ordinal);
        Assert.All(PartitionRows(await broker.RunAsync("groups describe", "--group", "readers-1")), r => Assert.Equal("0", r[4]));

        var reset = await broker.RunAsync("groups reset-offsets", "--group", "readers-1", "--topic", "fanout", "--to-earliest");
        Assert.True(reset.ExitCode == 0, reset.ToString());
        Assert.Equal(3, PartitionRows(await broker.RunAsync("groups describe", "--group", "readers-1")).Sum(r => long.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture)));

        var toOffset = await broker.RunAsync("groups reset-offsets", "--group", "readers-1", "--topic", "fanout", "--to-latest");
        Assert.Equal(0, toOffset.ExitCode);
        Assert.All(PartitionRows(await broker.RunAsync("groups describe", "--group", "readers-1")), r => Assert.Equal("0", r[4]));

        var deleted = await broker.RunAsync("groups delete", "--group", "readers-2");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.DoesNotContain((await broker.RunAsync("groups list")).Lines, l => l.StartsWith("readers-2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("groups describe")]
    [InlineData("groups delete")]
    [InlineData("groups reset-offsets", "--to-earliest")]
    public async Task UnknownGroup_ExitsOneNamingIt(string command, params string[] args)
    {
        var result = await broker.RunAsync(command, [.. args, "--group", "no-such-group"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown group 'no-such-group'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetOffsets_NoTarget_ExitsTwo()
    {
        var result = await broker.RunAsync("groups reset-offsets", "--group", "any");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("exactly one of --to-earliest", result.Stderr, StringComparison.Ordinal);
    }

    private static string[][] PartitionRows(CliResult describe)
        => describe.Lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(cells => cells.Length >= 5 && int.TryParse(cells[1], out _)).ToArray();

    private static int OwnerCount(CliResult describe) => PartitionRows(describe).Select(r => r[5]).Where(o => o != "-").Distinct().Count();

    private static int Values(CliProcess consumer) => consumer.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
}
