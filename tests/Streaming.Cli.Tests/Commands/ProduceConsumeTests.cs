using Streaming.Cli.Tests.TestSupport;

namespace Streaming.Cli.Tests.Commands;

public sealed class ProduceConsumeTests(BrokerProcess broker) : IClassFixture<BrokerProcess>
{
    [Fact]
    public async Task Produce_KeyedLinesWithHeader_ConsumeFromBeginningPrintsThem()
    {
        Assert.Equal(0, (await broker.RunAsync("topics create", "--topic", "keyed", "--partitions", "3")).ExitCode);
        var produced = await broker.RunWithInputAsync("alice:1\nbob:2\nalice:3\n", "produce", "--topic", "keyed", "--key-separator", ":", "--header", "source=test", "--acks", "1");
        Assert.True(produced.ExitCode == 0, produced.ToString());

        var consumed = await broker.RunAsync("consume", "--topic", "keyed", "--from-beginning", "--max-messages", "3", "--print-key", "--print-headers");
        Assert.True(consumed.ExitCode == 0, consumed.ToString());
        Assert.Equal(["source=test\talice\t1", "source=test\talice\t3", "source=test\tbob\t2"], consumed.Lines.Order(StringComparer.Ordinal));
        // One key, one partition, in order.
        var formatted = await broker.RunAsync("consume", "--topic", "keyed", "--from-beginning", "--max-messages", "3", "--format", "{partition}/{offset} {key}={value}");
        var alice = formatted.Lines.Where(l => l.Contains("alice", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, alice.Length);
        Assert.Equal(alice[0].Split('/')[0], alice[1].Split('/')[0]);
        Assert.EndsWith("alice=1", alice[0], StringComparison.Ordinal);
        Assert.Contains("Processed a total of 3 messages", consumed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consume_PartitionAndOffset_StartsThere()
    {
        Assert.Equal(0, (await broker.RunAsync("topics create", "--topic", "single")).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync(["produce", "--broker-list", broker.BootstrapServers, "--topic", "single"], "r0\nr1\nr2\nr3\n")).ExitCode);
        var consumed = await broker.RunAsync("consume", "--topic", "single", "--partition", "0", "--offset", "2", "--max-messages", "2", "--print-offset");
        Assert.True(consumed.ExitCode == 0, consumed.ToString());
        Assert.Equal(["Partition:0\tOffset:2\tr2", "Partition:0\tOffset:3\tr3"], consumed.Lines);
    }

    [Fact]
    public async Task Consume_IdleTimeoutWithNothingNew_ExitsZeroWithNoRecords()
    {
        Assert.Equal(0, (await broker.RunAsync("topics create", "--topic", "quiet")).ExitCode);
        var consumed = await broker.RunAsync("consume", "--topic", "quiet", "--idle-timeout-ms", "300");
        Assert.True(consumed.ExitCode == 0, consumed.ToString());
        Assert.Empty(consumed.Lines);
    }

    [Fact]
    public async Task Produce_TransactionalLines_ReadCommittedSeesThemAll()
    {
        Assert.Equal(0, (await broker.RunAsync("topics create", "--topic", "txn", "--partitions", "2")).ExitCode);
        var produced = await broker.RunWithInputAsync("t1\nt2\nt3\nt4\nt5\n", "produce", "--topic", "txn", "--transactional-id", "cli-tx", "--transaction-lines", "2");
        Assert.True(produced.ExitCode == 0, produced.ToString());
        var consumed = await broker.RunAsync("consume", "--topic", "txn", "--from-beginning", "--isolation-level", "read_committed", "--max-messages", "5");
        Assert.True(consumed.ExitCode == 0, consumed.ToString());
        Assert.Equal(["t1", "t2", "t3", "t4", "t5"], consumed.Lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Produce_TransactionMsWhileInputStaysOpen_CommitsWithoutWaitingForMoreLines()
    {
        Assert.Equal(0, (await broker.RunAsync("topics create", "--topic", "typing")).ExitCode);
        using var producer = CliProcess.Start("produce", "--topic", "typing", "--transactional-id", "cli-typing", "--transaction-ms", "200",
            "--transaction-lines", "1000", "--bootstrap-server", broker.BootstrapServers);
        await producer.Stdin.WriteLineAsync("typed");
        await producer.Stdin.FlushAsync();
        // The input stays open: the line must become visible to read_committed through the time limit alone.
        var consumed = await broker.RunAsync("consume", "--topic", "typing", "--from-beginning", "--isolation-level", "read_committed", "--max-messages", "1", "--idle-timeout-ms", "15000");
        Assert.Equal(["typed"], consumed.Lines);
        producer.Stdin.Close();
        Assert.Equal(0, (await producer.WaitForExitAsync(TimeSpan.FromSeconds(20))).ExitCode);
    }

    [Theory]
    [InlineData("--acks", "2", "'2'")]
    [InlineData("--transaction-lines", "0", "got 0")]
    [InlineData("--header", "novalue", "--header 'novalue' is not KEY=VALUE")]
    public async Task Produce_BadArgument_ExitsTwoNamingTheValue(string option, string value, string message)
    {
        var result = await broker.RunWithInputAsync("x\n", "produce", "--topic", "keyed", option, value);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--offset", "soon", "--partition", "0", "'soon'")]
    [InlineData("--format", "{nope}", "--max-messages", "1", "unknown field '{nope}'")]
    [InlineData("--isolation-level", "read_dirty", "--max-messages", "1", "read_dirty")]
    public async Task Consume_BadArgument_ExitsTwoNamingTheValue(string option, string value, string option2, string value2, string message)
    {
        var result = await broker.RunAsync("consume", "--topic", "keyed", option, value, option2, value2);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }
}
