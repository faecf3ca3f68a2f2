using System.Buffers;

namespace Streaming;

/// <summary>Turns a key or value into bytes, written straight into the batch being built (no intermediate array).</summary>
/// <remarks>Never called for a null key or value: those are stored as null.</remarks>
public interface ISerializer<in T>
{
    /// <summary>Writes <paramref name="data"/> to <paramref name="destination"/>.</summary>
    void Serialize(T data, IBufferWriter<byte> destination, SerializationContext context);
}
