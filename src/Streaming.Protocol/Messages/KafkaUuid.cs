namespace Streaming.Protocol.Messages;

/// <summary>
/// Converts between <see cref="Guid"/> and Kafka's 16-byte UUID wire form: the most significant 64 bits then the least
/// significant 64 bits, each big-endian — the byte order of the UUID's text form. .NET's default Guid byte layout
/// stores the first three groups little-endian, so <c>Guid.ToByteArray()</c> must not be put on the wire.
/// </summary>
public static class KafkaUuid
{
    /// <summary>Bytes of a UUID on the wire.</summary>
    public const int Size = 16;

    /// <summary>Kafka's zero UUID (<c>Uuid.ZERO_UUID</c>), the default of uuid fields.</summary>
    public static Guid Zero => Guid.Empty;

    /// <summary>Reads a UUID from the first 16 bytes of <paramref name="source"/> in Kafka's byte order.</summary>
    public static Guid Read(ReadOnlySpan<byte> source) => new(source[..Size], bigEndian: true);

    /// <summary>Writes <paramref name="value"/> into the first 16 bytes of <paramref name="destination"/> in Kafka's byte order.</summary>
    public static void Write(Span<byte> destination, Guid value)
    {
        if (!value.TryWriteBytes(destination, bigEndian: true, out _))
            throw new ArgumentException("destination is shorter than 16 bytes", nameof(destination));
    }

    /// <summary>The 16 wire bytes of <paramref name="value"/>.</summary>
    public static byte[] ToBytes(Guid value)
    {
        byte[] bytes = new byte[Size];
        Write(bytes, value);
        return bytes;
    }
}
