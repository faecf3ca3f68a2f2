using System.Diagnostics;
using System.Text;

namespace Streaming.Cli.Tests.TestSupport;

/// <summary>The built tool (streaming.dll, copied next to the tests) running as a child process.</summary>
public sealed class CliProcess : IDisposable
{
    private static readonly string ToolPath = Path.Combine(AppContext.BaseDirectory, "streaming.dll");
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    private CliProcess(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public StreamWriter Stdin => _process.StandardInput;

    public string Stdout
    {
        get { lock (_stdout) return _stdout.ToString(); }
    }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>Starts the tool with <paramref name="args"/>.</summary>
    public static CliProcess Start(params string[] args) => new(args);

    /// <summary>Runs the tool to its end, feeding <paramref name="stdin"/> (then closing it).</summary>
    public static async Task<CliResult> RunAsync(string[] args, string? stdin = null, int timeoutSeconds = 30)
    {
        using var process = Start(args);
        if (stdin is not null) await process.Stdin.WriteAsync(stdin);
        process.Stdin.Close();
        return await process.WaitForExitAsync(TimeSpan.FromSeconds(timeoutSeconds));
    }

    /// <summary>Waits until stdout has a line matching <paramref name="predicate"/>, and returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var match = Stdout.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(predicate);
            if (match is not null) return match;
            if (_process.HasExited)
            {
                _process.WaitForExit();
                match = Stdout.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(predicate);
                return match ?? throw new InvalidOperationException($"the tool exited ({_process.ExitCode}) without a matching line; stdout:\n{Stdout}\nstderr:\n{Stderr}");
            }
            try
            {
                await _lineArrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching line within {timeout}; stdout:\n{Stdout}\nstderr:\n{Stderr}");
            }
        }
    }

    /// <summary>Sends a POSIX signal (TERM, INT) to the tool.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the tool to exit (killing it after <paramref name="timeout"/>) and returns what it did.</summary>
    public async Task<CliResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the tool did not exit within {timeout}; stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
        _process.WaitForExit(); // drains the asynchronous output readers
        return new CliResult(_process.ExitCode, Stdout, Stderr);
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null) return;
        lock (buffer) buffer.Append(line).Append('\n');
        _lineArrived.Release();
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _lineArrived.Dispose();
    }
}
