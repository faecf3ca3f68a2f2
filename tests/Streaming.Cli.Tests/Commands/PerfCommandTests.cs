using System.Text.Json;
using Streaming.Cli.Tests.TestSupport;

namespace Streaming.Cli.Tests.Commands;

public sealed class PerfCommandTests(BrokerProcess broker) : IClassFixture<BrokerProcess>
{
    [Fact]
    public async Task PerfProduce_InProcessJson_ReportsTheHarnessFields()
    {
        var result = await CliProcess.RunAsync(["perf", "produce", "--in-process", "--records", "2000", "--partitions", "2", "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Lines[^1]);
        Assert.Equal("in-process", json.RootElement.GetProperty("transport").GetString());
        Assert.Equal(2000, json.RootElement.GetProperty("records").GetInt64());
        Assert.True(json.RootElement.GetProperty("produceRecordsPerSec").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("consumeRecordsPerSec").ValueKind);
        Assert.True(json.RootElement.TryGetProperty("machine", out _));
    }

    [Fact]
    public async Task PerfConsume_OverTheListener_ReportsBothPhases()
    {
        var result = await broker.RunAsync("perf consume", "--records", "2000", "--partitions", "2", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Lines[^1]);
        Assert.Equal("kafka", json.RootElement.GetProperty("transport").GetString());
        Assert.True(json.RootElement.GetProperty("consumeRecordsPerSec").GetDouble() > 0);
    }

    [Fact]
    public async Task PerfE2e_InProcess_ReportsLatencyPercentiles()
    {
        var result = await CliProcess.RunAsync(["perf", "e2e", "--in-process", "--rate", "2000", "--records", "1000", "--latency-warmup-seconds", "0", "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Lines[^1]);
        var latency = json.RootElement.GetProperty("latencyMs");
        Assert.True(latency.GetProperty("count").GetInt64() > 0);
        Assert.True(latency.GetProperty("p99").GetDouble() >= latency.GetProperty("p50").GetDouble());
    }

    [Fact]
    public async Task PerfProduce_Text_PrintsProgressAndPeakWorkingSet()
    {
        var result = await CliProcess.RunAsync(["perf", "produce", "--in-process", "--records", "1000"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("peak working set", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerfProduce_BadRecordSize_ExitsTwo()
    {
        var result = await CliProcess.RunAsync(["perf", "produce", "--in-process", "--record-size", "4"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("got 4", result.Stderr, StringComparison.Ordinal);
    }
}
