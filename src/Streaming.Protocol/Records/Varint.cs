namespace Streaming.Protocol.Records;

/// <summary>
/// Variable-length integers as Kafka encodes them: zigzag varints/varlongs inside records, unsigned varints
/// for the protocol's compact lengths and tagged fields.
/// </summary>
public static class Varint
{
    /// <summary>Largest encoded size of a 32-bit varint.</summary>
    public const int MaxLength32 = 5;

    /// <summary>Largest encoded size of a 64-bit varint.</summary>
    public const int MaxLength64 = 10;

    /// <summary>Bytes a zigzag-encoded <paramref name="value"/> takes.</summary>
    public static int SizeOfSigned(int value) => SizeOfUnsigned((uint)((value << 1) ^ (value >> 31)));

    /// <summary>Bytes a zigzag-encoded 64-bit <paramref name="value"/> takes.</summary>
    public static int SizeOfSigned(long value) => SizeOfUnsigned((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Bytes an unsigned varint takes.</summary>
    public static int SizeOfUnsigned(uint value) => value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x20_0000 ? 3 : value < 0x1000_0000 ? 4 : 5;

    /// <summary>Bytes an unsigned 64-bit varint takes.</summary>
    public static int SizeOfUnsigned(ulong value)
    {
        int n = 1;
        while (value >= 0x80) { value >>= 7; n++; }
        return n;
    }

    /// <summary>Writes a zigzag varint; returns the bytes written.</summary>
    public static int WriteSigned(Span<byte> destination, int value) => WriteUnsigned(destination, (uint)((value << 1) ^ (value >> 31)));

    /// <summary>Writes a zigzag varlong; returns the bytes written.</summary>
    public static int WriteSigned(Span<byte> destination, long value) => WriteUnsigned(destination, (ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Writes an unsigned varint; returns the bytes written.</summary>
    public static int WriteUnsigned(Span<byte> destination, uint value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Writes an unsigned 64-bit varint; returns the bytes written.</summary>
    public static int WriteUnsigned(Span<byte> destination, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads an unsigned varint; false when the bytes end first or it is longer than 5 bytes.</summary>
    public static bool TryReadUnsigned(ReadOnlySpan<byte> source, out uint value, out int bytesRead)
    {
        uint result = 0;
        for (int i = 0; i < MaxLength32 && i < source.Length; i++)
        {
            byte b = source[i];
            result |= (uint)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                value = result;
                bytesRead = i + 1;
                return true;
            }
        }
        value = 0;
        bytesRead = 0;
        return false;
    }

    /// <summary>Reads an unsigned 64-bit varint; false when malformed or truncated.</summary>
    public static bool TryReadUnsigned(ReadOnlySpan<byte> source, out ulong value, out int bytesRead)
    {
        ulong result = 0;
        for (int i = 0; i < MaxLength64 && i < source.Length; i++)
        {
            byte b = source[i];
            result |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                value = result;
                bytesRead = i + 1;
                return true;
            }
        }
        value = 0;
        bytesRead = 0;
        return false;
    }

    /// <summary>Reads a zigzag varint; false when malformed or truncated.</summary>
    public static bool TryReadSigned(ReadOnlySpan<byte> source, out int value, out int bytesRead)
    {
        if (!TryReadUnsigned(source, out uint raw, out bytesRead))
        {
            value = 0;
            return false;
        }
        value = (int)(raw >> 1) ^ -(int)(raw & 1);
        return true;
    }

    /// <summary>Reads a zigzag varlong; false when malformed or truncated.</summary>
    public static bool TryReadSigned(ReadOnlySpan<byte> source, out long value, out int bytesRead)
    {
        if (!TryReadUnsigned(source, out ulong raw, out bytesRead))
        {
            value = 0;
            return false;
        }
        value = (long)(raw >> 1) ^ -(long)(raw & 1);
        return true;
    }
}
