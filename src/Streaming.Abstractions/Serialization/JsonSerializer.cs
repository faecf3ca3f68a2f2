using System.Buffers;
using System.Text.Json;

namespace Streaming;

/// <summary>Serializes values as UTF-8 JSON with System.Text.Json.</summary>
public sealed class JsonSerializer<T>(JsonSerializerOptions? options = null) : ISerializer<T>
{
    private readonly JsonSerializerOptions _options = options ?? JsonSerializerOptions.Web;

    public void Serialize(T data, IBufferWriter<byte> destination, SerializationContext context)
    {
        using var writer = new Utf8JsonWriter(destination);
        System.Text.Json.JsonSerializer.Serialize(writer, data, _options);
    }
}
