using System.Net.Sockets;

namespace Streaming.Cli.Internal;

/// <summary>
/// A TCP connect to the bootstrap servers before any client is built: librdkafka retries an unreachable broker quietly
/// until a request times out, so the tool checks first and says at once which address failed and why.
/// </summary>
internal static class BrokerProbe
{
    /// <summary>Returns when one of the servers accepts a connection; otherwise throws naming the servers and the reason.</summary>
    public static async Task EnsureReachableAsync(string bootstrapServers, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? reason = null;
        foreach (string server in bootstrapServers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var endpoint = HostPort.TryParse(server, out string? error) ?? throw CliException.Usage($"--bootstrap-server {error}");
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(endpoint.Host, endpoint.Port, deadline.Token).ConfigureAwait(false);
                return;
            }
            catch (SocketException ex)
            {
                reason = ex.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"unknown host '{endpoint.Host}'",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
                    SocketError.TimedOut => $"no answer within {timeout.TotalMilliseconds:F0} ms",
                    _ => ex.Message,
                };
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                reason = $"no answer within {timeout.TotalMilliseconds:F0} ms";
            }
        }
        throw CliException.Broker($"cannot reach broker at {bootstrapServers}: {reason ?? "no servers given"}");
    }
}
