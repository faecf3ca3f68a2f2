namespace Streaming.Cli.Tests.TestSupport;

/// <summary>`streaming broker` on an ephemeral port of 127.0.0.1 with a temp data directory; stopped with SIGTERM.</summary>
public sealed class BrokerProcess : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "streaming-cli-tests-" + Guid.NewGuid().ToString("N"));

    public CliProcess? Process { get; private set; }

    public string BootstrapServers { get; private set; } = "";

    public async Task InitializeAsync() => await StartAsync();

    /// <summary>Starts the broker and waits for its "listening on" line.</summary>
    public async Task StartAsync()
    {
        Process = CliProcess.Start("broker", "--listen", "127.0.0.1:0", "--data-dir", DataDirectory, "--config", "group.initial.rebalance.delay.ms=0");
        string line = await Process.WaitForLineAsync(l => l.StartsWith("listening on ", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        BootstrapServers = line["listening on ".Length..];
    }

    /// <summary>Stops the broker with SIGTERM and returns how it ended.</summary>
    public async Task<CliResult> StopAsync()
    {
        var process = Process!;
        process.Signal("TERM");
        var result = await process.WaitForExitAsync(TimeSpan.FromSeconds(20));
        process.Dispose();
        Process = null;
        return result;
    }

    /// <summary>Runs a tool command against this broker (adds --bootstrap-server).</summary>
    public Task<CliResult> RunAsync(string command, params string[] args) => RunWithInputAsync(null, command, args);

    /// <summary>Runs a tool command against this broker with <paramref name="stdin"/> as its input.</summary>
    public Task<CliResult> RunWithInputAsync(string? stdin, string command, params string[] args)
        => CliProcess.RunAsync([.. command.Split(' '), .. args, "--bootstrap-server", BootstrapServers], stdin);

    public async Task DisposeAsync()
    {
        if (Process is not null) await StopAsync();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}
