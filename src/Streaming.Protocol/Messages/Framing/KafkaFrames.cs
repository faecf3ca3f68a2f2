using System.Buffers;

namespace Streaming.Protocol.Messages;

/// <summary>Writes whole request and response frames: size prefix, header of the right version, body.</summary>
public static class KafkaFrames
{
    /// <summary>Writes a request frame for <paramref name="body"/> at <c>header.ApiVersion</c>.</summary>
    public static void WriteRequest<T>(IBufferWriter<byte> output, RequestHeader header, T body) where T : IKafkaMessage<T>
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(body);
        if (header.ApiKey != T.ApiKey) throw new ArgumentException($"header is for {header.ApiKey}, body is {T.ApiKey}", nameof(header));
        short version = header.ApiVersion;
        short headerVersion = ApiVersionTable.GetHeaderVersions(T.ApiKey, version).RequestHeaderVersion;

        ProtocolWriter measuring = ProtocolWriter.CreateMeasuring();
        header.Write(ref measuring, headerVersion);
        body.Write(ref measuring, version);

        var writer = new ProtocolWriter(output);
        writer.WriteInt32(FrameSize(measuring.BytesWritten));
        header.Write(ref writer, headerVersion);
        body.Write(ref writer, version);
        writer.Flush();
    }

    /// <summary>Writes a response frame for <paramref name="body"/> at <paramref name="version"/>.</summary>
    public static void WriteResponse<T>(IBufferWriter<byte> output, int correlationId, short version, T body) where T : IKafkaMessage<T>
    {
        ArgumentNullException.ThrowIfNull(body);
        var header = new ResponseHeader { CorrelationId = correlationId };
        short headerVersion = ApiVersionTable.GetHeaderVersions(T.ApiKey, version).ResponseHeaderVersion;

        ProtocolWriter measuring = ProtocolWriter.CreateMeasuring();
        header.Write(ref measuring, headerVersion);
        body.Write(ref measuring, version);

        var writer = new ProtocolWriter(output);
        writer.WriteInt32(FrameSize(measuring.BytesWritten));
        header.Write(ref writer, headerVersion);
        body.Write(ref writer, version);
        writer.Flush();
    }

    /// <summary>
    /// Encodes a response frame without copying its record sets: the result holds the other bytes and references to
    /// the records, to be sent in order (e.g. a Fetch response straight from stored batches).
    /// </summary>
    public static EncodedFrame EncodeResponse<T>(int correlationId, short version, T body) where T : IKafkaMessage<T>
    {
        ArgumentNullException.ThrowIfNull(body);
        var header = new ResponseHeader { CorrelationId = correlationId };
        short headerVersion = ApiVersionTable.GetHeaderVersions(T.ApiKey, version).ResponseHeaderVersion;

        ProtocolWriter measuring = ProtocolWriter.CreateMeasuring();
        header.Write(ref measuring, headerVersion);
        body.Write(ref measuring, version);
        int size = FrameSize(measuring.BytesWritten);

        var records = new List<RecordsSegment>();
        var output = new PooledBufferWriter();
        try
        {
            var writer = new ProtocolWriter(output, records);
            writer.WriteInt32(size);
            header.Write(ref writer, headerVersion);
            body.Write(ref writer, version);
            writer.Flush();
            return new EncodedFrame(output, records);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    private static int FrameSize(long size)
    {
        if (size > int.MaxValue) throw new ProtocolException($"a frame of {size} bytes is too large");
        return (int)size;
    }
}
