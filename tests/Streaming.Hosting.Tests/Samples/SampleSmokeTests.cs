using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Streaming.Hosting.Tests.Samples;

/// <summary>Runs samples/WordCount, samples/Orders and samples/PageViews as child processes on the embedded broker and checks what they print.</summary>
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


    [Fact]
    public async Task PageViews_OnTheEmbeddedBroker_PrintsExactlyOneFinalCountPerWindowAndTheExactRegionAndSessionCounts()
    {
        using var dir = new TempDirectory();
        var (exitCode, output) = await RunAsync("PageViews", dir.Path);
        Assert.True(exitCode == 0, output);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        // The input as printed, in the order it was produced: profiles (one changes midway) and views.
        var input = lines.Select(l => (Profile: ProfileLine().Match(l), View: ViewLine().Match(l))).Where(m => m.Profile.Success || m.View.Success).ToList();
        var views = input.Where(m => m.View.Success).Select(m => (
            Time: DateTimeOffset.Parse(m.View.Groups[1].Value, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
            User: m.View.Groups[2].Value,
            Page: m.View.Groups[3].Value)).ToList();
        Assert.True(views.Count >= 20, output);
        Assert.True(input.Count(m => m.Profile.Success) >= 5, output);

        // 1. Hopping windows of 1 min advancing by 30 s: a view at t is in the windows starting at the multiples of 30 s in
        // (t - 60 s, t]. Exactly one printed line per window and page, with the count of its views.
        const long size = 60_000, advance = 30_000;
        var expectedWindows = views
            .SelectMany(v => new[] { v.Time - v.Time % advance, v.Time - v.Time % advance - advance }.Select(start => (Start: start, v.Page)))
            .GroupBy(w => w)
            .Select(g => $"{Clock(g.Key.Start)} {Clock(g.Key.Start + size)} {g.Key.Page} {g.Count()}")
            .Order(StringComparer.Ordinal).ToList();
        var printedWindows = Section(lines, "views per page", WindowLine())
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value} {m.Groups[4].Value}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedWindows, printedWindows);

        // 2. Each view joined with the profile its user had when it was produced (none: dropped), counted per region.
        var regionOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var expectedRegions = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (profile, view) in input)
        {
            if (profile.Success) regionOf[profile.Groups[1].Value] = profile.Groups[3].Value;
            else if (regionOf.TryGetValue(view.Groups[2].Value, out string? region)) expectedRegions[region] = expectedRegions.GetValueOrDefault(region) + 1;
        }
        Assert.True(views.Count > expectedRegions.Values.Sum(), "the sample data should have views of a user without a profile");
        var printedRegions = Section(lines, "views per region", RegionLine())
            .ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal(expectedRegions, printedRegions.OrderBy(r => r.Key, StringComparer.Ordinal));

        // 3. Sessions: a user's views at most 5 minutes apart, as [first, last] and their count.
        const long gap = 5 * 60_000;
        var expectedSessions = new List<string>();
        foreach (var user in views.GroupBy(v => v.User))
        {
            var times = user.Select(v => v.Time).Order().ToList();
            int first = 0;
            for (int i = 1; i <= times.Count; i++)
            {
                if (i < times.Count && times[i] - times[i - 1] <= gap) continue;
                expectedSessions.Add($"{user.Key} {Clock(times[first])} {Clock(times[i - 1])} {i - first}");
                first = i;
            }
        }
        Assert.True(expectedSessions.Count > views.Select(v => v.User).Distinct().Count(), "the sample data should have a user with two sessions");
        var printedSessions = Section(lines, "sessions per user", SessionLine())
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value} {m.Groups[4].Value}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedSessions.Order(StringComparer.Ordinal), printedSessions);

        Assert.Contains("records dropped by the topology (late or invalid): 0", lines);
        Assert.Equal("done", lines.Last(l => l.Length > 0));

        static string Clock(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
    }

    // The lines matching `line` right after the header that starts with `header`.
    private static List<Match> Section(List<string> lines, string header, Regex line)
    {
        int at = lines.FindIndex(l => l.StartsWith(header, StringComparison.Ordinal));
        Assert.True(at >= 0, $"no '{header}' section in: {string.Join('\n', lines)}");
        return lines.Skip(at + 1).Select(l => line.Match(l)).TakeWhile(m => m.Success).ToList();
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

    [GeneratedRegex(@"^  profile (\S+)\s+(\S+)\s+(\S+)\s+\S+$")]
    private static partial Regex ProfileLine();

    [GeneratedRegex(@"^  view (\S+) (\S+)\s+(\S+)$")]
    private static partial Regex ViewLine();

    [GeneratedRegex(@"^  \[(\d\d:\d\d:\d\d), (\d\d:\d\d:\d\d)\)\s+(\S+)\s+(\d+)$")]
    private static partial Regex WindowLine();

    [GeneratedRegex(@"^  (\S+)\s+(\d+)$")]
    private static partial Regex RegionLine();

    [GeneratedRegex(@"^  (\S+)\s+\[(\d\d:\d\d:\d\d), (\d\d:\d\d:\d\d)\]\s+(\d+) views$")]
    private static partial Regex SessionLine();
}
