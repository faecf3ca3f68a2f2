using Streaming.Cli.Tests.TestSupport;

namespace Streaming.Cli.Tests.Commands;

public sealed class TopicsCommandTests(BrokerProcess broker) : IClassFixture<BrokerProcess>
{
    [Fact]
    public async Task Create_ThenListAndDescribe_ShowsPartitionsOffsetsAndConfigs()
    {
        var created = await broker.RunAsync("topics create", "--topic", "orders", "--partitions", "3", "--replication-factor", "1", "--config", "retention.ms=60000");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("Created topic orders.", created.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await broker.RunWithInputAsync("a\nb\n", "produce", "--topic", "orders")).ExitCode);

        var list = await broker.RunAsync("topics list");
        Assert.Contains("orders", list.Lines);

        var described = await broker.RunAsync("topics describe", "--topic", "orders");
        Assert.True(described.ExitCode == 0, described.ToString());
        Assert.Contains("PartitionCount: 3", described.Stdout, StringComparison.Ordinal);
        Assert.Contains("retention.ms=60000", described.Stdout, StringComparison.Ordinal);
        var partitionRows = described.Lines.Where(l => char.IsDigit(l[0])).ToArray();
        Assert.Equal(3, partitionRows.Length);
        Assert.Equal(2, partitionRows.Sum(r => long.Parse(r.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Create_Existing_ExitsOneNamingTheTopic()
    {
        Assert.Equal(0, (await broker.RunAsync("topics create", "--topic", "twice")).ExitCode);
        var again = await broker.RunAsync("topics create", "--topic", "twice");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("topic 'twice' already exists", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await broker.RunAsync("topics create", "--topic", "twice", "--if-not-exists")).ExitCode);
    }

    [Fact]
    public async Task Create_ReplicationFactorThree_ExitsOneNamingTheKafkaTransport()
    {
        var result = await broker.RunAsync("topics create", "--topic", "replicated", "--replication-factor", "3");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("replication factor 3", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Kafka transport", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alter_Partitions_RaisesTheCountAndRefusesFewer()
    {
        Assert.Equal(0, (await broker.RunAsync("topics create", "--topic", "growing", "--partitions", "3")).ExitCode);
        var raised = await broker.RunAsync("topics alter", "--topic", "growing", "--partitions", "6");
        Assert.True(raised.ExitCode == 0, raised.ToString());
        Assert.Contains("PartitionCount: 6", (await broker.RunAsync("topics describe", "--topic", "growing")).Stdout, StringComparison.Ordinal);

        var fewer = await broker.RunAsync("topics alter", "--topic", "growing", "--partitions", "2");
        Assert.Equal(1, fewer.ExitCode);
        Assert.Contains("--partitions 2 must be more", fewer.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alter_Config_ShowsInDescribe()
    {
        Assert.Equal(0, (await broker.RunAsync("topics create", "--topic", "configured")).ExitCode);
        var altered = await broker.RunAsync("topics alter", "--topic", "configured", "--config", "cleanup.policy=compact");
        Assert.True(altered.ExitCode == 0, altered.ToString());
        Assert.Contains("cleanup.policy=compact", (await broker.RunAsync("topics describe", "--topic", "configured")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_RemovesTheTopic()
    {
        Assert.Equal(0, (await broker.RunAsync("topics create", "--topic", "doomed")).ExitCode);
        var deleted = await broker.RunAsync("topics delete", "--topic", "doomed");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.DoesNotContain("doomed", (await broker.RunAsync("topics list")).Lines);
    }

    [Theory]
    [InlineData("topics describe")]
    [InlineData("topics alter", "--partitions", "4")]
    [InlineData("topics delete")]
    [InlineData("consume", "--max-messages", "1")]
    [InlineData("produce")]
    public async Task UnknownTopic_ExitsOneNamingIt(string command, params string[] args)
    {
        var result = await broker.RunAsync(command, [.. args, "--topic", "ordrs"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown topic 'ordrs'", result.Stderr, StringComparison.Ordinal);
    }
}
