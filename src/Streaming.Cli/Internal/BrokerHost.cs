using System.Diagnostics;
using System.Net.Sockets;
using Streaming.Broker;
using Streaming.Broker.Protocol;

namespace Streaming.Cli.Internal;

/// <summary>Runs the embedded broker and its Kafka listener until cancelled, then closes both cleanly.</summary>
internal static class BrokerHost
{
    /// <summary>Prints "listening on HOST:PORT" (the bound port) first, then log lines, and returns after a clean shutdown.</summary>
    public static async Task RunAsync(EmbeddedBrokerOptions brokerOptions, KafkaListenerOptions listenerOptions, TextWriter output, CancellationToken stop)
    {
        // The broker's warnings and errors (Trace) go to the console, as a server's log.
        using var log = new ConsoleTraceListener(useErrorStream: true) { Filter = new EventTypeFilter(SourceLevels.Warning) };
        Trace.Listeners.Add(log);
        try
        {
            bool existed = Directory.Exists(brokerOptions.DataDirectory) && Directory.EnumerateFileSystemEntries(brokerOptions.DataDirectory).Any();
            using var broker = EmbeddedBroker.Open(brokerOptions);
            KafkaListener listener;
            try
            {
                listener = KafkaListener.Start(broker, listenerOptions);
            }
            catch (SocketException ex)
            {
                throw CliException.Broker($"cannot listen on {new HostPort(listenerOptions.Host, listenerOptions.Port)}: {ex.Message}", ex);
            }
            var bound = new HostPort(listenerOptions.Host, listener.LocalEndPoint.Port);
            output.WriteLine($"listening on {bound}");
            if (listener.BootstrapServers != bound.ToString()) output.WriteLine($"advertised as {listener.BootstrapServers}");
            output.WriteLine($"broker {listenerOptions.NodeId} started: cluster {broker.ClusterId}, data dir {broker.DataDirectory}, " +
                (!existed ? "new data directory" : broker.WasCleanStart ? "clean start" : $"recovered after an unclean shutdown ({broker.RecoveredTruncatedBytes} bytes truncated)"));
            output.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            output.WriteLine("shutting down");
            output.Flush();
            await listener.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            Trace.Listeners.Remove(log);
        }
        output.WriteLine("stopped");
        output.Flush();
    }
}
