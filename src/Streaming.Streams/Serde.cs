namespace Streaming.Streams;

/// <summary>A serializer and deserializer pair for one type, as Kafka's <c>Serde</c>.</summary>
public sealed class Serde<T>(ISerializer<T> serializer, IDeserializer<T> deserializer)
{
    public ISerializer<T> Serializer { get; } = serializer ?? throw new ArgumentNullException(nameof(serializer));

    public IDeserializer<T> Deserializer { get; } = deserializer ?? throw new ArgumentNullException(nameof(deserializer));
}
