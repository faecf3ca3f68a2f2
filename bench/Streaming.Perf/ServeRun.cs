using System.Diagnostics;
using Streaming.Broker;
using Streaming.Broker.Protocol;

namespace Streaming.Perf;

/// <summary>
/// `serve`: the embedded broker with its Kafka listener, for benchmarks driven by outside clients (kcat, librdkafka).
/// Prints "listening on HOST:PORT" first, runs until stdin closes or the process is asked to stop (SIGINT/SIGTERM),
/// then prints the broker process's CPU time.
/// </summary>
internal static class ServeRun
{
    public static int Run(int port, int partitions, string? dataDirectory)
    {
        string directory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "streaming-serve-" + Guid.NewGuid().ToString("N"));
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        try
        {
            using (var broker = EmbeddedBroker.Open(new EmbeddedBrokerOptions { DataDirectory = directory, DefaultPartitions = partitions }))
            {
                var listener = KafkaListener.Start(broker, new KafkaListenerOptions { Port = port });
                Console.Out.WriteLine($"listening on {listener.BootstrapServers}");
                Console.Out.Flush();
                var stdinClosed = Task.Run(() =>
                {
                    while (Console.In.ReadLine() is not null)
                    {
                    }
                });
                try
                {
                    stdinClosed.Wait(stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
                listener.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            Console.Out.WriteLine($"cpu-seconds {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F3}");
            return 0;
        }
        finally
        {
            if (dataDirectory is null && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
