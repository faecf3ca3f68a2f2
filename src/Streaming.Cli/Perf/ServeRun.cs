using System.Diagnostics;
using Streaming.Broker;
using Streaming.Broker.Protocol;
using Streaming.Cli.Internal;

namespace Streaming.Perf;

/// <summary>
/// The harness's `serve`: `streaming broker` for benchmarks driven by outside clients (kcat, librdkafka) — prints
/// "listening on HOST:PORT" first, runs until stdin closes or SIGINT/SIGTERM, then prints the process's CPU time.
/// </summary>
internal static class ServeRun
{
    public static int Run(int port, int partitions, string? dataDirectory, CancellationToken stop)
    {
        string directory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "streaming-serve-" + Guid.NewGuid().ToString("N"));
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var stdinClosed = new Thread(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
            }
            stopping.Cancel();
        })
        { IsBackground = true };
        stdinClosed.Start();
        try
        {
            BrokerHost.RunAsync(new EmbeddedBrokerOptions { DataDirectory = directory, DefaultPartitions = partitions },
                new KafkaListenerOptions { Port = port }, Console.Out, stopping.Token).GetAwaiter().GetResult();
            Console.Out.WriteLine($"cpu-seconds {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F3}");
            return 0;
        }
        finally
        {
            if (dataDirectory is null && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
