using System.Buffers;

namespace Streaming.Protocol.Messages;

/// <summary>Encodes and decodes whole message bodies.</summary>
public static class KafkaMessage
{
    /// <summary>
    /// Decodes a message body of <paramref name="version"/> that fills all of <paramref name="body"/>. Record sets in the
    /// result are slices of <paramref name="body"/>.
    /// </summary>
    /// <exception cref="ProtocolException">The bytes are truncated or malformed, bytes are left over, or the version is not supported.</exception>
    public static T Decode<T>(ReadOnlyMemory<byte> body, short version) where T : IKafkaMessage<T> => Decode<T>(body, version, allowTrailingBytes: false);

    /// <summary>
    /// As <see cref="Decode{T}(ReadOnlyMemory{byte}, short)"/>; with <paramref name="allowTrailingBytes"/>, bytes after the
    /// last field are ignored, as Kafka's broker does (librdkafka 2.x, for one, sends Metadata v11+ requests with the
    /// v8–10 field IncludeClusterAuthorizedOperations still in them).
    /// </summary>
    public static T Decode<T>(ReadOnlyMemory<byte> body, short version, bool allowTrailingBytes) where T : IKafkaMessage<T>
    {
        var reader = new ProtocolReader(body);
        T message = T.Read(ref reader, version);
        if (!allowTrailingBytes) reader.EnsureEnd(typeof(T).Name);
        return message;
    }

    /// <summary>Writes <paramref name="message"/> at <paramref name="version"/> into <paramref name="output"/>.</summary>
    public static void Encode<T>(T message, short version, IBufferWriter<byte> output) where T : IKafkaMessage<T>
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new ProtocolWriter(output);
        message.Write(ref writer, version);
        writer.Flush();
    }

    /// <summary>Encodes <paramref name="message"/> at <paramref name="version"/> into a new array.</summary>
    public static byte[] Encode<T>(T message, short version) where T : IKafkaMessage<T>
    {
        var output = new ArrayBufferWriter<byte>();
        Encode(message, version, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The encoded size of <paramref name="message"/> at <paramref name="version"/>, without writing it.</summary>
    public static int Measure<T>(T message, short version) where T : IKafkaMessage<T>
    {
        ArgumentNullException.ThrowIfNull(message);
        ProtocolWriter writer = ProtocolWriter.CreateMeasuring();
        message.Write(ref writer, version);
        long size = writer.BytesWritten;
        if (size > int.MaxValue) throw new ProtocolException($"{typeof(T).Name} encodes to {size} bytes, more than a frame can hold");
        return (int)size;
    }
}
