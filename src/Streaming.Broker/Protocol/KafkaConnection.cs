using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Streaming.Protocol;
using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol;

/// <summary>
/// One client connection: frames are read from a pipe, each request is started as soon as it is read (so requests can be
/// pipelined), and the responses are written back strictly in request order. A malformed frame, an oversized request or
/// an unknown API closes the connection; nothing a client sends can take the broker down.
/// </summary>
internal sealed class KafkaConnection
{
    private readonly KafkaListener _listener;
    private readonly Socket _socket;
    private readonly string _clientHost;
    private readonly CancellationTokenSource _closed = new();

    public KafkaConnection(KafkaListener listener, Socket socket)
    {
        _listener = listener;
        _socket = socket;
        _clientHost = (socket.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "unknown";
    }

    /// <summary>Closes the connection now (listener shutdown).</summary>
    public void Abort()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _closed.Token);
        var token = linked.Token;
        var stream = new NetworkStream(_socket, ownsSocket: true);
        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        var output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true));
        var pending = Channel.CreateBounded<Task<KafkaResponse?>>(new BoundedChannelOptions(_listener.Options.MaxInFlightRequestsPerConnection)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        var writer = WriteResponsesAsync(pending.Reader, output, token);
        try
        {
            await ReadRequestsAsync(input, pending.Writer, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client went away, the connection idled out or the listener is stopping.
        }
        catch (ProtocolException ex)
        {
            Trace.TraceInformation($"kafka listener: closing the connection from {_clientHost}: {ex.Message}");
        }
        finally
        {
            pending.Writer.TryComplete();
        }
        try
        {
            await writer.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
            await output.CompleteAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            _closed.Dispose();
        }
    }

    private async Task ReadRequestsAsync(PipeReader input, ChannelWriter<Task<KafkaResponse?>> pending, CancellationToken token)
    {
        var options = _listener.Options;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(token);
        while (true)
        {
            idle.CancelAfter(options.ConnectionsMaxIdle);
            ReadResult result;
            try
            {
                result = await input.ReadAsync(idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                Trace.TraceInformation($"kafka listener: closing the connection from {_clientHost}: idle for connections.max.idle.ms ({options.ConnectionsMaxIdle.TotalMilliseconds} ms)");
                return;
            }
            var buffer = result.Buffer;
            try
            {
                while (KafkaFraming.TryReadFrame(ref buffer, options.SocketRequestMaxBytes, out var frame))
                {
                    // The request gets its own copy: handlers decode slices of it (Produce appends the batches in place),
                    // and the pipe's memory is reused once we advance past it.
                    int length = checked((int)frame.Length);
                    byte[] request = ArrayPool<byte>.Shared.Rent(length);
                    frame.CopyTo(request);
                    var handled = HandleAsync(request, length);
                    await pending.WriteAsync(handled, token).ConfigureAwait(false);
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
            if (result.IsCompleted) return;
        }
    }

    /// <summary>Parses the header, runs the API's handler and returns the request buffer to the pool afterwards.</summary>
    private async Task<KafkaResponse?> HandleAsync(byte[] request, int length)
    {
        try
        {
            var memory = request.AsMemory(0, length);
            RequestHeader header;
            int bodyStart;
            {
                var reader = new ProtocolReader(memory);
                header = RequestHeader.Read(ref reader);
                bodyStart = reader.Position;
            }
            var context = new RequestContext(header, _clientHost, _listener);
            try
            {
                return await _listener.Apis.HandleAsync(context, memory[bodyStart..]).ConfigureAwait(false);
            }
            catch (ProtocolException ex)
            {
                // Name the request: the codec's message names only the field.
                throw new ProtocolException($"{header.ApiKey} v{header.ApiVersion} (correlation id {header.CorrelationId}, client '{header.ClientId}'): {ex.Message}", ex);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(request);
        }
    }

    private async Task WriteResponsesAsync(ChannelReader<Task<KafkaResponse?>> pending, PipeWriter output, CancellationToken token)
    {
        try
        {
            while (await pending.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (pending.TryRead(out var next))
                {
                    KafkaResponse? response;
                    try
                    {
                        response = await next.ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is ProtocolException or StreamingException or ArgumentException)
                    {
                        // A request that cannot be answered at its version (or at all): Kafka closes the connection.
                        Trace.TraceInformation($"kafka listener: closing the connection from {_clientHost}: {ex.Message}");
                        Abort();
                        return;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // A bug in a handler: this connection closes, the broker and every other client go on.
                        Trace.TraceError($"kafka listener: a request from {_clientHost} failed unexpectedly; closing its connection: {ex}");
                        Abort();
                        return;
                    }
                    if (response is null) continue; // acks=0 produce: no response at all
                    try
                    {
                        using (response) response.WriteTo(output);
                    }
                    catch (ProtocolException ex)
                    {
                        // A response that cannot be encoded at the request's version is a bug here, not the client's.
                        Trace.TraceError($"kafka listener: a response to {_clientHost} could not be encoded; closing its connection: {ex}");
                        Abort();
                        return;
                    }
                }
                // Flush once for every response ready now: pipelined answers share a send.
                var flushed = await output.FlushAsync(token).ConfigureAwait(false);
                if (flushed.IsCompleted) return;
            }
        }
        finally
        {
            // Responses still pending are never sent; their buffers go back once they finish.
            while (pending.TryRead(out var left)) _ = left.ContinueWith(static t => { if (t.IsCompletedSuccessfully) t.Result?.Dispose(); }, TaskScheduler.Default);
        }
    }
}
