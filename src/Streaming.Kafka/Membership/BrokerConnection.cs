using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using Streaming.Protocol;
using Streaming.Protocol.Messages;

namespace Streaming.Kafka.Membership;

/// <summary>
/// One TCP connection to a Kafka broker, speaking the wire protocol with the codecs of Streaming.Protocol. Requests may
/// be pipelined (the broker answers in order; answers are matched by correlation id anyway); API versions are negotiated
/// with ApiVersions when the connection opens. A broken connection fails every request in flight with a retriable
/// error, and stays broken: the owner opens a new one.
/// </summary>
internal sealed class BrokerConnection : IAsyncDisposable
{
    private const int MaxFrameSize = KafkaFraming.DefaultMaxFrameSize;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<int, IPendingResponse> _pending = [];
    private readonly string _clientId;
    private Dictionary<ApiKey, (short Min, short Max)> _brokerVersions = [];
    private Task _reading = Task.CompletedTask;
    private int _correlationId;
    private Exception? _failure;

    private BrokerConnection(Socket socket, string host, int port, string clientId)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        _clientId = clientId;
        Endpoint = $"{host}:{port}";
    }

    /// <summary>host:port of the broker.</summary>
    public string Endpoint { get; }

    /// <summary>True once the connection failed or was closed; requests on it fail at once.</summary>
    public bool IsBroken => Volatile.Read(ref _failure) is not null;

    /// <summary>Connects and negotiates API versions, within <paramref name="timeout"/>.</summary>
    /// <exception cref="RetriableException">The broker cannot be reached or did not answer in time.</exception>
    public static async Task<BrokerConnection> ConnectAsync(string host, int port, string clientId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connectTimeout.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(host, port, connectTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                string why = ex is OperationCanceledException ? $"no answer within {timeout.TotalMilliseconds:0} ms" : ex.Message;
                throw new RetriableException(MembershipErrors.NetworkException, $"cannot connect to broker {host}:{port}: {why}", ex);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        var connection = new BrokerConnection(socket, host, port, clientId);
        connection._reading = Task.Run(connection.ReadLoopAsync, CancellationToken.None);
        try
        {
            await connection.NegotiateVersionsAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return connection;
    }

    /// <summary>
    /// The version to use for <paramref name="apiKey"/>: the highest both sides support, at most <paramref name="ceiling"/>.
    /// </summary>
    /// <exception cref="FeatureNotSupportedException">No version is supported by both.</exception>
    public short Version(ApiKey apiKey, short ceiling = short.MaxValue)
    {
        if (!ApiVersionTable.TryGet(apiKey, out var ours)) throw new FeatureNotSupportedException($"this client does not implement {apiKey}");
        if (!_brokerVersions.TryGetValue(apiKey, out var theirs))
            throw new FeatureNotSupportedException($"broker {Endpoint} does not support {apiKey}, which group membership with a custom assignor needs");
        short max = Math.Min(Math.Min(ours.MaxVersion, theirs.Max), ceiling);
        short min = Math.Max(ours.MinVersion, theirs.Min);
        if (max < min)
            throw new FeatureNotSupportedException($"broker {Endpoint} supports {apiKey} versions {theirs.Min}-{theirs.Max}, this client {ours.MinVersion}-{ours.MaxVersion}: none in common");
        return max;
    }

    /// <summary>Sends <paramref name="request"/> at <paramref name="version"/> and waits up to <paramref name="timeout"/> for its response.</summary>
    /// <exception cref="TimeoutException">No response within the timeout.</exception>
    /// <exception cref="RetriableException">The connection failed.</exception>
    public async Task<TResponse> SendAsync<TRequest, TResponse>(TRequest request, short version, TimeSpan timeout, CancellationToken cancellationToken)
        where TRequest : IKafkaRequest<TRequest, TResponse>
        where TResponse : IKafkaMessage<TResponse>
    {
        var headerVersions = ApiVersionTable.GetHeaderVersions(TRequest.ApiKey, version);
        var pending = new PendingResponse<TResponse>(headerVersions.ResponseHeaderVersion, version);
        int correlationId = Interlocked.Increment(ref _correlationId);
        lock (_pending)
        {
            if (_failure is { } failure) throw Broken(failure);
            _pending[correlationId] = pending;
        }
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var header = new RequestHeader { ApiKey = TRequest.ApiKey, ApiVersion = version, CorrelationId = correlationId, ClientId = _clientId };
            KafkaFrames.WriteRequest(_output, header, request);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Fail(ex);
        }
        finally
        {
            _writeLock.Release();
        }
        try
        {
            return await pending.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (System.TimeoutException ex)
        {
            lock (_pending) _pending.Remove(correlationId);
            throw new TimeoutException($"broker {Endpoint} did not answer {TRequest.ApiKey} within {timeout.TotalMilliseconds:0} ms", ex);
        }
        catch (OperationCanceledException)
        {
            lock (_pending) _pending.Remove(correlationId);
            throw;
        }
    }

    private async Task NegotiateVersionsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // v3 first (flexible, names the client); a broker that does not know it answers in v0, which fails to decode
        // as v3, so v0 is the fallback (every Kafka broker speaks it).
        ApiVersionsResponse response;
        try
        {
            response = await SendAsync<ApiVersionsRequest, ApiVersionsResponse>(
                new ApiVersionsRequest { ClientSoftwareName = "streaming-dotnet", ClientSoftwareVersion = "1.0" }, 3, timeout, cancellationToken).ConfigureAwait(false);
            if (response.ErrorCode == (short)MembershipErrors.UnsupportedVersion) throw new ProtocolException("ApiVersions v3 not supported");
        }
        catch (ProtocolException)
        {
            response = await SendAsync<ApiVersionsRequest, ApiVersionsResponse>(new ApiVersionsRequest(), 0, timeout, cancellationToken).ConfigureAwait(false);
        }
        if (response.ErrorCode != 0) throw MembershipErrors.ToException(response.ErrorCode, $"ApiVersions on broker {Endpoint} failed");
        var versions = new Dictionary<ApiKey, (short, short)>();
        foreach (var key in response.ApiKeys) versions[(ApiKey)key.ApiKey] = (key.MinVersion, key.MaxVersion);
        _brokerVersions = versions;
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (KafkaFraming.TryReadFrame(ref buffer, MaxFrameSize, out var frame)) Dispatch(frame);
                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || result.IsCanceled) throw new IOException($"broker {Endpoint} closed the connection");
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    private void Dispatch(ReadOnlySequence<byte> frame)
    {
        if (frame.Length < 4) throw new ProtocolException($"broker {Endpoint} sent a {frame.Length}-byte response frame, too short for a correlation id");
        Span<byte> prefix = stackalloc byte[4];
        frame.Slice(0, 4).CopyTo(prefix);
        int correlationId = BinaryPrimitives.ReadInt32BigEndian(prefix);
        IPendingResponse? pending;
        lock (_pending)
        {
            if (!_pending.Remove(correlationId, out pending)) return; // its caller gave up waiting
        }
        pending.Complete(frame.ToArray());
    }

    private void Fail(Exception cause)
    {
        List<IPendingResponse> failed;
        lock (_pending)
        {
            _failure ??= cause;
            failed = [.. _pending.Values];
            _pending.Clear();
        }
        foreach (var pending in failed) pending.Fail(Broken(cause));
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    private RetriableException Broken(Exception cause)
        => new(MembershipErrors.NetworkException, $"the connection to broker {Endpoint} failed: {cause.Message}", cause);

    public async ValueTask DisposeAsync()
    {
        Fail(new ObjectDisposedException(nameof(BrokerConnection), "the connection was closed"));
        await _reading.ConfigureAwait(false);
        await _input.CompleteAsync().ConfigureAwait(false);
        await _output.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
    }

    private interface IPendingResponse
    {
        void Complete(byte[] frame);

        void Fail(Exception exception);
    }

    private sealed class PendingResponse<T>(short headerVersion, short version)
        : TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously), IPendingResponse
        where T : IKafkaMessage<T>
    {
        public void Complete(byte[] frame)
        {
            try
            {
                var reader = new ProtocolReader(frame.AsMemory());
                ResponseHeader.Read(ref reader, headerVersion);
                // Bytes after the last known field are ignored, as Kafka's clients do with newer brokers.
                TrySetResult(T.Read(ref reader, version));
            }
            catch (Exception ex)
            {
                TrySetException(ex);
            }
        }

        public void Fail(Exception exception) => TrySetException(exception);
    }
}
