using System.Net;
using System.Net.Sockets;
using Streaming.Cli.Tests.TestSupport;

namespace Streaming.Cli.Tests.Commands;

public sealed class ErrorTests
{
    [Theory]
    [InlineData("topics list")]
    [InlineData("topics create", "--topic", "t")]
    [InlineData("groups list")]
    [InlineData("consume", "--topic", "t")]
    [InlineData("perf produce", "--records", "10")]
    public async Task UnreachableBroker_ExitsOneQuicklyNamingTheAddress(string command, params string[] args)
    {
        string address = $"127.0.0.1:{FreePort()}";
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await CliProcess.RunAsync([.. command.Split(' '), .. args, "--bootstrap-server", address]);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"cannot reach broker at {address}: connection refused", result.Stderr, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"took {started.Elapsed}");
    }

    [Theory]
    [InlineData("no-such-command")]
    [InlineData("topics", "create", "--topic", "t", "--partitions", "abc")]
    [InlineData("topics", "list", "--bootstrap-server", "nohostport")]
    [InlineData("topics", "list", "--no-such-option")]
    [InlineData("topics", "create")]
    public async Task BadArguments_ExitTwoNamingTheProblem(params string[] args)
    {
        var result = await CliProcess.RunAsync(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        string named = args[^1] == "create" ? "--topic" : args[^1];
        Assert.Contains(named, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsEveryCommand_ExitsZero()
    {
        var result = await CliProcess.RunAsync(["--help"]);
        Assert.Equal(0, result.ExitCode);
        foreach (string command in new[] { "broker", "topics", "produce", "consume", "groups", "perf" })
            Assert.Contains(command, result.Stdout, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
