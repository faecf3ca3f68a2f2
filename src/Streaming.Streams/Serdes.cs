using System.Diagnostics.CodeAnalysis;

namespace Streaming.Streams;

/// <summary>The built-in serdes (the <see cref="Serializers"/>/<see cref="Deserializers"/> defaults) and the default choice per type.</summary>
public static class Serdes
{
    public static Serde<string> String { get; } = new(Serializers.Utf8, Deserializers.Utf8!);

    public static Serde<int> Int32 { get; } = new(Serializers.Int32, Deserializers.Int32);

    public static Serde<long> Int64 { get; } = new(Serializers.Int64, Deserializers.Int64);

    public static Serde<byte[]> ByteArray { get; } = new(Serializers.ByteArray, Deserializers.ByteArray!);

    /// <summary>UTF-8 JSON with System.Text.Json.</summary>
    public static Serde<T> Json<T>() => new(new JsonSerializer<T>(), new JsonDeserializer<T>());

    /// <summary>
    /// The default serde for <typeparamref name="T"/>: the built-in one for byte[], string, int, long and <see cref="Null"/>,
    /// JSON for other concrete types; none for object, interfaces, abstract classes and delegates (JSON cannot read them back).
    /// </summary>
    public static bool TryGetDefault<T>([NotNullWhen(true)] out Serde<T>? serde)
    {
        Type t = typeof(T);
        if (t == typeof(object) || t.IsInterface || t.IsAbstract || typeof(Delegate).IsAssignableFrom(t) || t.IsPointer || t == typeof(Ignore))
        {
            serde = null;
            return false;
        }
        serde = new Serde<T>(Serializers.Default<T>(), Deserializers.Default<T>());
        return true;
    }
}
