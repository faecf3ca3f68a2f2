using System.Text.Json;

namespace Streaming;

/// <summary>Deserializes UTF-8 JSON values with System.Text.Json; a null record value gives <c>default</c>.</summary>
public sealed class JsonDeserializer<T>(JsonSerializerOptions? options = null) : IDeserializer<T>
{
    private readonly JsonSerializerOptions _options = options ?? JsonSerializerOptions.Web;

    public T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull) return default!;
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<T>(data, _options)!;
        }
        catch (JsonException ex)
        {
            throw new SerializationException($"the {context.Component.ToString().ToLowerInvariant()} on topic '{context.Topic}' is not valid JSON for {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}
