using System.Buffers.Binary;
using System.Text;

namespace Streaming;

/// <summary>The built-in deserializers, mirroring <see cref="Serializers"/>.</summary>
public static class Deserializers
{
    public static readonly IDeserializer<byte[]?> ByteArray = new ByteArrayDeserializer();
    public static readonly IDeserializer<string?> Utf8 = new Utf8Deserializer();
    public static readonly IDeserializer<int> Int32 = new Int32Deserializer();
    public static readonly IDeserializer<long> Int64 = new Int64Deserializer();
    public static readonly IDeserializer<Null?> Null = new NullDeserializer();
    public static readonly IDeserializer<Ignore?> Ignore = new IgnoreDeserializer();

    /// <summary>The built-in deserializer for <typeparamref name="T"/>, or JSON (System.Text.Json) for any other type.</summary>
    public static IDeserializer<T> Default<T>()
    {
        object d = typeof(T) switch
        {
            var t when t == typeof(byte[]) => ByteArray,
            var t when t == typeof(string) => Utf8,
            var t when t == typeof(int) => Int32,
            var t when t == typeof(long) => Int64,
            var t when t == typeof(Null) => Null,
            var t when t == typeof(Ignore) => Ignore,
            _ => new JsonDeserializer<T>(),
        };
        return (IDeserializer<T>)d;
    }

    private sealed class ByteArrayDeserializer : IDeserializer<byte[]?>
    {
        public byte[]? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => isNull ? null : data.ToArray();
    }

    private sealed class Utf8Deserializer : IDeserializer<string?>
    {
        public string? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => isNull ? null : Encoding.UTF8.GetString(data);
    }

    private sealed class Int32Deserializer : IDeserializer<int>
    {
        public int Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (isNull || data.Length != 4)
                throw new SerializationException($"an int32 {context.Component.ToString().ToLowerInvariant()} must be 4 bytes, got {(isNull ? "null" : data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
            return BinaryPrimitives.ReadInt32BigEndian(data);
        }
    }

    private sealed class Int64Deserializer : IDeserializer<long>
    {
        public long Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (isNull || data.Length != 8)
                throw new SerializationException($"an int64 {context.Component.ToString().ToLowerInvariant()} must be 8 bytes, got {(isNull ? "null" : data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
            return BinaryPrimitives.ReadInt64BigEndian(data);
        }
    }

    private sealed class NullDeserializer : IDeserializer<Null?>
    {
        public Null? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            if (!isNull) throw new SerializationException($"expected a null {context.Component.ToString().ToLowerInvariant()}, got {data.Length} bytes");
            return null;
        }
    }

    private sealed class IgnoreDeserializer : IDeserializer<Ignore?>
    {
        public Ignore? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => null;
    }
}
