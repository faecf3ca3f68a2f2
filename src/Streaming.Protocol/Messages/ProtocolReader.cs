using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Streaming.Protocol.Messages;

/// <summary>
/// Reads Kafka protocol primitives from a buffer, tracking the position. Every read is bounds-checked: a shortfall,
/// a negative or impossible length or a malformed varint is a <see cref="ProtocolException"/> naming the field.
/// </summary>
/// <remarks>
/// Constructed over <see cref="ReadOnlyMemory{T}"/>, record sets are returned as slices of that memory (no copy), so
/// they stay valid only as long as the caller keeps the buffer. Constructed over a span, record sets are copied.
/// </remarks>
public ref partial struct ProtocolReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _span;
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly bool _hasMemory;
    private int _position;

    /// <summary>Reads from <paramref name="buffer"/>; record sets are sliced from it without copying.</summary>
    public ProtocolReader(ReadOnlyMemory<byte> buffer)
    {
        _memory = buffer;
        _span = buffer.Span;
        _hasMemory = true;
    }

    /// <summary>Reads from <paramref name="buffer"/>; record sets are copied out of it.</summary>
    public ProtocolReader(ReadOnlySpan<byte> buffer) => _span = buffer;

    /// <summary>Bytes read so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not yet read.</summary>
    public readonly int Remaining => _span.Length - _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool End => _position == _span.Length;

    public sbyte ReadInt8(string field) => (sbyte)Take(1, field)[0];

    public short ReadInt16(string field) => BinaryPrimitives.ReadInt16BigEndian(Take(2, field));

    public ushort ReadUInt16(string field) => BinaryPrimitives.ReadUInt16BigEndian(Take(2, field));

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32BigEndian(Take(4, field));

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, field));

    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64BigEndian(Take(8, field));

    public double ReadFloat64(string field) => BinaryPrimitives.ReadDoubleBigEndian(Take(8, field));

    /// <summary>Reads a boolean byte; any non-zero value is true, as in Kafka.</summary>
    public bool ReadBool(string field) => Take(1, field)[0] != 0;

    /// <summary>Reads a 16-byte UUID in Kafka's (big-endian, RFC 4122) byte order.</summary>
    public Guid ReadUuid(string field) => KafkaUuid.Read(Take(16, field));

    /// <summary>Reads a zigzag-encoded 32-bit varint.</summary>
    public int ReadVarint(string field)
    {
        uint raw = ReadUnsignedVarint(field);
        return (int)(raw >> 1) ^ -(int)(raw & 1);
    }

    /// <summary>Reads a zigzag-encoded 64-bit varint.</summary>
    public long ReadVarlong(string field)
    {
        ulong raw = 0;
        for (int i = 0; i < 10; i++)
        {
            if (_position >= _span.Length) throw Truncated(field, "a varlong", 1);
            byte b = _span[_position++];
            raw |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) return (long)(raw >> 1) ^ -(long)(raw & 1);
        }
        throw Malformed(field, "varlong is longer than 10 bytes");
    }

    /// <summary>Reads an unsigned 32-bit varint (compact lengths, tags).</summary>
    public uint ReadUnsignedVarint(string field)
    {
        uint result = 0;
        for (int i = 0; i < 5; i++)
        {
            if (_position >= _span.Length) throw Truncated(field, "a varint", 1);
            byte b = _span[_position++];
            if (i == 4 && b > 0x0F) throw Malformed(field, "varint does not fit in 32 bits");
            result |= (uint)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) return result;
        }
        throw Malformed(field, "varint is longer than 5 bytes");
    }

    /// <summary>Reads a non-nullable int16-length string.</summary>
    public string ReadString(string field)
        => ReadNullableString(field) ?? throw Malformed(field, "non-nullable string is null");

    /// <summary>Reads an int16-length string; length -1 is null.</summary>
    public string? ReadNullableString(string field)
    {
        short length = ReadInt16(field);
        if (length == -1) return null;
        if (length < 0) throw Malformed(field, $"string length {length}");
        return DecodeUtf8(length, field);
    }

    /// <summary>Reads a non-nullable compact string (unsigned varint length + 1).</summary>
    public string ReadCompactString(string field)
        => ReadCompactNullableString(field) ?? throw Malformed(field, "non-nullable compact string is null");

    /// <summary>Reads a compact string; encoded length 0 is null.</summary>
    public string? ReadCompactNullableString(string field)
    {
        int length = ReadCompactLength(field);
        return length < 0 ? null : DecodeUtf8(length, field);
    }

    /// <summary>Reads a non-nullable string in the encoding of the message version: compact when flexible.</summary>
    public string ReadString(bool flexible, string field) => flexible ? ReadCompactString(field) : ReadString(field);

    /// <summary>Reads a nullable string in the encoding of the message version: compact when flexible.</summary>
    public string? ReadNullableString(bool flexible, string field)
        => flexible ? ReadCompactNullableString(field) : ReadNullableString(field);

    /// <summary>Reads non-nullable int32-length bytes into a new array.</summary>
    public byte[] ReadBytes(string field) => ReadNullableBytes(field) ?? throw Malformed(field, "non-nullable bytes are null");

    /// <summary>Reads int32-length bytes into a new array; length -1 is null.</summary>
    public byte[]? ReadNullableBytes(string field)
    {
        int length = ReadInt32(field);
        if (length == -1) return null;
        if (length < 0) throw Malformed(field, $"bytes length {length}");
        return Take(length, field).ToArray();
    }

    /// <summary>Reads non-nullable compact bytes into a new array.</summary>
    public byte[] ReadCompactBytes(string field)
        => ReadCompactNullableBytes(field) ?? throw Malformed(field, "non-nullable compact bytes are null");

    /// <summary>Reads compact bytes into a new array; encoded length 0 is null.</summary>
    public byte[]? ReadCompactNullableBytes(string field)
    {
        int length = ReadCompactLength(field);
        return length < 0 ? null : Take(length, field).ToArray();
    }

    /// <summary>Reads non-nullable bytes in the encoding of the message version.</summary>
    public byte[] ReadBytes(bool flexible, string field) => flexible ? ReadCompactBytes(field) : ReadBytes(field);

    /// <summary>Reads nullable bytes in the encoding of the message version.</summary>
    public byte[]? ReadNullableBytes(bool flexible, string field)
        => flexible ? ReadCompactNullableBytes(field) : ReadNullableBytes(field);

    /// <summary>
    /// Reads a nullable record set (RecordBatch bytes) as a slice of the underlying memory, without decoding or copying
    /// it; a reader built over a span copies instead.
    /// </summary>
    public ReadOnlyMemory<byte>? ReadRecords(bool flexible, string field)
    {
        int length;
        if (flexible)
        {
            length = ReadCompactLength(field);
        }
        else
        {
            length = ReadInt32(field);
            if (length < -1) throw Malformed(field, $"records length {length}");
        }

        if (length < 0) return null;
        if (length > Remaining) throw Truncated(field, "record bytes", length);
        ReadOnlyMemory<byte> records = _hasMemory ? _memory.Slice(_position, length) : _span.Slice(_position, length).ToArray();
        _position += length;
        return records;
    }

    /// <summary>
    /// Reads an int32 array count; -1 is null. The count is checked against the bytes left (at least
    /// <paramref name="minElementSize"/> per element) before the caller allocates anything for it.
    /// </summary>
    public int ReadArrayCount(string field, int minElementSize)
    {
        int count = ReadInt32(field);
        if (count < -1) throw Malformed(field, $"array count {count}");
        CheckCount(count, minElementSize, field);
        return count;
    }

    /// <summary>Reads a compact array count (unsigned varint count + 1); -1 is null. Checked like <see cref="ReadArrayCount(string, int)"/>.</summary>
    public int ReadCompactArrayCount(string field, int minElementSize)
    {
        int count = ReadCompactLength(field);
        CheckCount(count, minElementSize, field);
        return count;
    }

    /// <summary>Reads a nullable array count in the encoding of the message version; -1 is null.</summary>
    public int ReadNullableArrayCount(bool flexible, string field, int minElementSize)
        => flexible ? ReadCompactArrayCount(field, minElementSize) : ReadArrayCount(field, minElementSize);

    /// <summary>Reads a non-nullable array count in the encoding of the message version.</summary>
    public int ReadArrayCount(bool flexible, string field, int minElementSize)
    {
        int count = ReadNullableArrayCount(flexible, field, minElementSize);
        if (count < 0) throw Malformed(field, "non-nullable array is null");
        return count;
    }

    /// <summary>Skips <paramref name="length"/> bytes.</summary>
    public void Skip(int length, string field)
    {
        if (length < 0) throw Malformed(field, $"cannot skip {length} bytes");
        Take(length, field);
    }

    /// <summary>Starts reading a tagged-field section: reads its field count.</summary>
    public TaggedFieldCursor BeginTaggedFields()
    {
        uint count = ReadUnsignedVarint("tagged fields count");
        // Each tagged field takes at least two bytes (tag and size).
        if (count > (uint)Remaining / 2) throw Malformed("tagged fields count", $"{count} fields cannot fit in {Remaining} bytes");
        return new TaggedFieldCursor((int)count);
    }

    /// <summary>
    /// Moves to the next tagged field, first checking that the previous one was read to exactly its declared size.
    /// Returns false after the last field. The caller reads a known tag's value or calls <see cref="SkipTaggedField"/>.
    /// </summary>
    public bool NextTaggedField(ref TaggedFieldCursor cursor, out int tag)
    {
        if (cursor.FieldEnd >= 0 && _position != cursor.FieldEnd)
            throw Malformed("tagged field " + cursor.Tag, $"value ends at offset {_position}, its size says {cursor.FieldEnd}");
        if (cursor.Left == 0)
        {
            cursor.FieldEnd = -1;
            tag = -1;
            return false;
        }

        cursor.Left--;
        uint rawTag = ReadUnsignedVarint("tag");
        uint size = ReadUnsignedVarint("tagged field size");
        if (rawTag > int.MaxValue) throw Malformed("tag", $"tag {rawTag} is out of range");
        if (size > (uint)Remaining) throw Truncated("tagged field " + rawTag, "its value", (int)Math.Min(size, int.MaxValue));
        cursor.Tag = (int)rawTag;
        cursor.FieldEnd = _position + (int)size;
        tag = (int)rawTag;
        return true;
    }

    /// <summary>Skips the value of the current tagged field (an unknown tag).</summary>
    public void SkipTaggedField(ref TaggedFieldCursor cursor) => _position = cursor.FieldEnd;

    /// <summary>Reads a tagged-field section in which no tag is known to the message version: all are skipped.</summary>
    public void SkipTaggedFields()
    {
        TaggedFieldCursor cursor = BeginTaggedFields();
        while (NextTaggedField(ref cursor, out _)) SkipTaggedField(ref cursor);
    }

    /// <summary>Throws unless every byte was read; used where trailing bytes mean the frame was misparsed.</summary>
    public readonly void EnsureEnd(string message)
    {
        if (!End) throw new ProtocolException($"{message}: {Remaining} unexpected bytes after the last field at offset {_position}");
    }

    private int ReadCompactLength(string field)
    {
        uint raw = ReadUnsignedVarint(field);
        if (raw > int.MaxValue) throw Malformed(field, $"compact length {raw - 1} is too large");
        return (int)raw - 1;
    }

    private readonly void CheckCount(int count, int minElementSize, string field)
    {
        if (count > 0 && (long)count * Math.Max(minElementSize, 1) > Remaining)
            throw Malformed(field, $"array claims {count} elements but only {Remaining} bytes are left");
    }

    private string DecodeUtf8(int length, string field)
    {
        ReadOnlySpan<byte> bytes = Take(length, field);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ProtocolException($"{field} at offset {_position - length} is not valid UTF-8", ex);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int length, string field)
    {
        if ((uint)length > (uint)Remaining) throw Truncated(field, "bytes", length);
        ReadOnlySpan<byte> slice = _span.Slice(_position, length);
        _position += length;
        return slice;
    }

    private readonly ProtocolException Truncated(string field, string what, int needed)
        => new($"truncated at {field}: {what} need {needed} bytes at offset {_position}, {Remaining} left");

    private readonly ProtocolException Malformed(string field, string what)
        => new($"malformed {field} at offset {_position}: {what}");
}
