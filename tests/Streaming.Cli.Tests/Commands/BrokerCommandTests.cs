using Streaming.Cli.Tests.TestSupport;

namespace Streaming.Cli.Tests.Commands;

public sealed class BrokerCommandTests
{
    [Fact]
    public async Task Broker_SigTerm_ExitsZeroAndNextStartIsClean()
    {
        var broker = new BrokerProcess();
        try
        {
            await broker.StartAsync();
            Assert.Matches(@"^127\.0\.0\.1:\d+$", broker.BootstrapServers);
            Assert.NotEqual("127.0.0.1:0", broker.BootstrapServers);
            Assert.Equal(0, (await broker.RunAsync("topics create", "--topic", "kept", "--partitions", "2")).ExitCode);

            var stopped = await broker.StopAsync();
            Assert.True(stopped.ExitCode == 0, stopped.ToString());
            Assert.Contains("stopped", stopped.Stdout, StringComparison.Ordinal);

            await broker.StartAsync();
            await broker.Process!.WaitForLineAsync(l => l.Contains("started", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            Assert.Contains("clean start", broker.Process.Stdout, StringComparison.Ordinal);
            var list = await broker.RunAsync("topics list");
            Assert.Contains("kept", list.Lines);
        }
        finally
        {
            await broker.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("--listen", "localhost", "'localhost' is not HOST:PORT")]
    [InlineData("--listen", "127.0.0.1:99999", "invalid port '99999'")]
    [InlineData("--config", "no.such.config=1", "unknown broker config 'no.such.config'")]
    [InlineData("--config", "num.partitions=zero", "'num.partitions' is 'zero'")]
    public async Task Broker_BadArgument_ExitsTwoNamingTheValue(string option, string value, string message)
    {
        string dir = Path.Combine(Path.GetTempPath(), "streaming-cli-bad-" + Guid.NewGuid().ToString("N"));
        string[] listen = option == "--listen" ? [] : ["--listen", "127.0.0.1:0"];
        var result = await CliProcess.RunAsync(["broker", "--data-dir", dir, .. listen, option, value]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }
}
