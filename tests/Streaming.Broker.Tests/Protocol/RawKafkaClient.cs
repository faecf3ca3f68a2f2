using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Streaming.Protocol.Messages;

namespace Streaming.Broker.Tests.Protocol;

/// <summary>A bare Kafka protocol client over one TCP connection, for driving the listener frame by frame.</summary>
public sealed class RawKafkaClient : IDisposable
{
    private readonly TcpClient _client = new();
    private readonly NetworkStream _stream;
    private int _correlationId;

    public RawKafkaClient(IPEndPoint endPoint)
    {
        _client.Connect(endPoint);
        _client.NoDelay = true;
        _stream = _client.GetStream();
        _stream.ReadTimeout = 15_000;
    }

    /// <summary>Sends a request and returns its correlation id (the response is not read).</summary>
    public int Send<TRequest>(TRequest request, short version) where TRequest : IKafkaMessage<TRequest>
    {
        int correlationId = ++_correlationId;
        var header = new RequestHeader { ApiKey = TRequest.ApiKey, ApiVersion = version, CorrelationId = correlationId, ClientId = "raw-test" };
        var output = new ArrayBufferWriter<byte>();
        KafkaFrames.WriteRequest(output, header, request);
        _stream.Write(output.WrittenSpan);
        return correlationId;
    }

    public void SendRaw(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    /// <summary>Reads the next response frame: its correlation id and body (after a response header of <paramref name="headerVersion"/>).</summary>
    public (int CorrelationId, byte[] Body) ReadFrame(short headerVersion)
    {
        Span<byte> size = stackalloc byte[4];
        _stream.ReadExactly(size);
        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        _stream.ReadExactly(frame);
        var reader = new ProtocolReader(frame.AsMemory());
        var header = ResponseHeader.Read(ref reader, headerVersion);
        return (header.CorrelationId, frame[reader.Position..]);
    }

    public TResponse Receive<TResponse>(short version, out int correlationId) where TResponse : IKafkaMessage<TResponse>
    {
        var (id, body) = ReadFrame(ApiVersionTable.GetHeaderVersions(TResponse.ApiKey, version).ResponseHeaderVersion);
        correlationId = id;
        return KafkaMessage.Decode<TResponse>(body, version);
    }

    public TResponse Call<TRequest, TResponse>(TRequest request, short version)
        where TRequest : IKafkaRequest<TRequest, TResponse>
        where TResponse : IKafkaMessage<TResponse>
    {
        int sent = Send(request, version);
        var response = Receive<TResponse>(version, out int received);
        if (received != sent) throw new InvalidOperationException($"response {received} came for request {sent}");
        return response;
    }

    /// <summary>True once the server has closed the connection (a read returns end of stream or fails).</summary>
    public bool IsClosedByServer(TimeSpan within)
    {
        _stream.ReadTimeout = (int)within.TotalMilliseconds;
        try
        {
            var buffer = new byte[1];
            while (true)
            {
                if (_stream.Read(buffer) == 0) return true;
            }
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut })
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _client.Dispose();
}
