using System.Diagnostics;

namespace Streaming.Broker.Tests.Protocol;

/// <summary>Runs kcat as a child process.</summary>
internal static class Kcat
{
    public static string? Path { get; } = Find();

    private static string? Find()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = System.IO.Path.Combine(directory, "kcat");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Runs kcat with <paramref name="arguments"/>, feeding <paramref name="input"/>; returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> arguments, string? input = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("kcat is required under CI=true but is not installed (.ci/run installs it with apt-get)"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kcat {string.Join(' ', arguments)} did not finish: {await error}");
        }
        return (process.ExitCode, await output, await error);
    }
}
