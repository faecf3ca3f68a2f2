using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Streaming;

/// <summary>The built-in serializers: raw bytes, UTF-8 strings, big-endian int32/int64 (as Kafka's), null.</summary>
public static class Serializers
{
    public static readonly ISerializer<byte[]> ByteArray = new ByteArraySerializer();
    public static readonly ISerializer<ReadOnlyMemory<byte>> Memory = new MemorySerializer();
    public static readonly ISerializer<string> Utf8 = new Utf8Serializer();
    public static readonly ISerializer<int> Int32 = new Int32Serializer();
    public static readonly ISerializer<long> Int64 = new Int64Serializer();
    public static readonly ISerializer<Null> Null = new NullSerializer();

    /// <summary>The built-in serializer for <typeparamref name="T"/>, or JSON (System.Text.Json) for any other type.</summary>
    public static ISerializer<T> Default<T>()
    {
        object s = typeof(T) switch
        {
            var t when t == typeof(byte[]) => ByteArray,
            var t when t == typeof(ReadOnlyMemory<byte>) => Memory,
            var t when t == typeof(string) => Utf8,
            var t when t == typeof(int) => Int32,
            var t when t == typeof(long) => Int64,
            var t when t == typeof(Null) => Null,
            _ => new JsonSerializer<T>(),
        };
        return (ISerializer<T>)s;
    }

    private sealed class ByteArraySerializer : ISerializer<byte[]>
    {
        public void Serialize(byte[] data, IBufferWriter<byte> destination, SerializationContext context) => destination.Write(data);
    }

    private sealed class MemorySerializer : ISerializer<ReadOnlyMemory<byte>>
    {
        public void Serialize(ReadOnlyMemory<byte> data, IBufferWriter<byte> destination, SerializationContext context) => destination.Write(data.Span);
    }

    private sealed class Utf8Serializer : ISerializer<string>
    {
        public void Serialize(string data, IBufferWriter<byte> destination, SerializationContext context)
            => Encoding.UTF8.GetBytes(data, destination);
    }

    private sealed class Int32Serializer : ISerializer<int>
    {
        public void Serialize(int data, IBufferWriter<byte> destination, SerializationContext context)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination.GetSpan(4), data);
            destination.Advance(4);
        }
    }

    private sealed class Int64Serializer : ISerializer<long>
    {
        public void Serialize(long data, IBufferWriter<byte> destination, SerializationContext context)
        {
            BinaryPrimitives.WriteInt64BigEndian(destination.GetSpan(8), data);
            destination.Advance(8);
        }
    }

    private sealed class NullSerializer : ISerializer<Null>
    {
        public void Serialize(Null data, IBufferWriter<byte> destination, SerializationContext context) { }
    }
}
