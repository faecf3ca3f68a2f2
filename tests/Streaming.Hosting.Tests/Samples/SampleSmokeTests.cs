using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Streaming.Hosting.Tests.Samples;

/// <summary>Runs samples/WordCount and samples/Orders as child processes on the embedded broker and checks what they print.</summary>
public sealed partial class SampleSmokeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task WordCount_OnTheEmbeddedBroker_PrintsTheExactCountsOfTheLinesItProduced()
    {
        using var dir = new TempDirectory();
        var (exitCode, output) = await RunAsync("WordCount", dir.Path);
        Assert.True(exitCode == 0, output);

        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var produced = lines.Where(l => l.StartsWith("  > ", StringComparison.Ordinal)).Select(l => l[4..]).ToList();
        Assert.Equal(6, produced.Count);
        var expected = produced
            .SelectMany(l => Regex.Split(l.ToLowerInvariant(), "[^a-z0-9']+").Where(w => w.Length > 0))
            .GroupBy(w => w).ToDictionary(g => g.Key, g => (long)g.Count());
        int header = lines.FindIndex(l => l.StartsWith("word counts", StringComparison.Ordinal));
        Assert.True(header >= 0, output);
        var printed = lines.Skip(header + 1).Select(l => CountLine().Match(l)).TakeWhile(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal(expected.OrderBy(e => e.Key), printed.OrderBy(e => e.Key));
        Assert.Equal("done", lines.Last(l => l.Length > 0));
        Assert.True(Directory.Exists(Path.Combine(dir.Path, "streams-state", "wordcount")));
    }

    [Fact]
    public async Task Orders_OnTheEmbeddedBroker_PrintsEachCustomersExactCountAndTotal()
    {
        using var dir = new TempDirectory();
        var (exitCode, output) = await RunAsync("Orders", dir.Path);
        Assert.True(exitCode == 0, output);

        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var orders = lines.Select(l => OrderLine().Match(l)).Where(m => m.Success)
            .Select(m => (Customer: m.Groups[1].Value, Amount: decimal.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(40, orders.Count);
        var expected = orders.GroupBy(o => o.Customer).ToDictionary(g => g.Key, g => (Count: (long)g.Count(), Total: g.Sum(o => o.Amount)));
        var printed = lines.Select(l => TotalsLine().Match(l)).Where(m => m.Success).ToDictionary(
            m => m.Groups[1].Value,
            m => (Count: long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), Total: decimal.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)));
        Assert.Equal(expected.OrderBy(e => e.Key), printed.OrderBy(e => e.Key));
        Assert.Equal("done", lines.Last(l => l.Length > 0));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string sample, string dataDirectory)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, sample + ".dll");
        Assert.True(File.Exists(dll), $"{dll} was not built next to the tests");
        // The test host runs under `dotnet`; use the same one so the sample gets the same runtime.
        string host = Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--data-dir");
        start.ArgumentList.Add(dataDirectory);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{sample} did not exit within {Timeout}: {await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^  (\S+)\s+(\d+)$")]
    private static partial Regex CountLine();

    [GeneratedRegex(@"^  order #\d+\s+(\S+)\s+(\d+\.\d\d)$")]
    private static partial Regex OrderLine();

    [GeneratedRegex(@"^  (\S+)\s+(\d+) orders  total\s+(\d+\.\d\d)$")]
    private static partial Regex TotalsLine();
}
