using System.Diagnostics;
using System.Text;

namespace Streaming.Broker.Tests.Durability;

/// <summary>
/// Runs tests/Streaming.Broker.CrashChild (copied next to the test assembly by its project reference) with the dotnet
/// host, collecting the complete lines it prints — a line cut short by a kill is dropped.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Thread _reader;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _stderr = new();
    private readonly object _lock = new();

    public ChildProcess(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Streaming.Broker.CrashChild.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("the crash child was not built next to the tests", dll);
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the crash child");
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_lock) _stderr.AppendLine(e.Data);
        };
        _process.BeginErrorReadLine();
        _reader = new Thread(ReadLines) { IsBackground = true, Name = "crash-child-stdout" };
        _reader.Start();
    }

    private static string DotnetHost()
    {
        // The host running the tests, if it is dotnet (it is under `dotnet test`); otherwise the one on the PATH.
        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private void ReadLines()
    {
        var reader = _process.StandardOutput;
        var line = new StringBuilder();
        var buffer = new char[4096];
        int n;
        while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (int i = 0; i < n; i++)
            {
                if (buffer[i] != '\n')
                {
                    line.Append(buffer[i]);
                    continue;
                }
                lock (_lock) _lines.Add(line.ToString());
                line.Clear();
            }
        }
    }

    public int LineCount
    {
        get
        {
            lock (_lock) return _lines.Count;
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    public string StandardError
    {
        get
        {
            lock (_lock) return _stderr.ToString();
        }
    }

    /// <summary>The complete lines printed so far.</summary>
    public List<string> Lines()
    {
        lock (_lock) return [.. _lines];
    }

    /// <summary>SIGKILL (Process.Kill sends SIGKILL on Unix), then waits for the process and for its output to be read.</summary>
    public void Kill(TimeSpan timeout)
    {
        _process.Kill(entireProcessTree: true);
        WaitForExit(timeout);
    }

    public void WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) throw new TimeoutException("the crash child did not exit");
        if (!_reader.Join(timeout)) throw new TimeoutException("the crash child's output did not end");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
