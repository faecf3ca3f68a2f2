namespace Streaming;

/// <summary>Turns stored bytes back into a key or value.</summary>
public interface IDeserializer<out T>
{
    /// <summary>Reads a value from <paramref name="data"/>; <paramref name="isNull"/> is true for a null key or value.</summary>
    T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context);
}
