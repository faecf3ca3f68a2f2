using System.Buffers;
using Microsoft.Extensions.DependencyInjection;

namespace Streaming.Hosting.Internal;

/// <summary>Serializers registered in DI (<see cref="StreamingBuilder.AddSerializer{T}"/>) first, then the built-in ones (JSON for other types).</summary>
internal static class SerializerResolver
{
    public static ISerializer<T> Serializer<T>(IServiceProvider services) => services.GetService<ISerializer<T>>() ?? Serializers.Default<T>();

    public static IDeserializer<T> Deserializer<T>(IServiceProvider services) => services.GetService<IDeserializer<T>>() ?? Deserializers.Default<T>();

    /// <summary>Serializes a key or value to bytes (null stays null, as on the wire).</summary>
    public static byte[]? ToBytes<T>(ISerializer<T> serializer, T value, SerializationContext context)
    {
        if (value is null) return null;
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(value, buffer, context);
        return buffer.WrittenSpan.ToArray();
    }
}
