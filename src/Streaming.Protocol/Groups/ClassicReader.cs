using System.Buffers.Binary;
using System.Text;

namespace Streaming.Protocol.Groups;

/// <summary>
/// Reads the non-flexible ("classic") Kafka encodings: big-endian integers, int16-length strings, int32-length arrays
/// and bytes. Every shortfall or impossible length is a <see cref="ProtocolException"/> naming the message and field.
/// </summary>
internal ref struct ClassicReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _message;
    private int _position;

    public ClassicReader(ReadOnlySpan<byte> data, string message)
    {
        _data = data;
        _message = message;
    }

    public readonly int Remaining => _data.Length - _position;

    public short ReadInt16(string field, string part = "") => BinaryPrimitives.ReadInt16BigEndian(Take(2, field, part));

    public int ReadInt32(string field, string part = "") => BinaryPrimitives.ReadInt32BigEndian(Take(4, field, part));

    public string ReadString(string field)
        => ReadNullableString(field) ?? throw Malformed($"non-nullable string {field} is null (length -1)");

    public string? ReadNullableString(string field)
    {
        short length = ReadInt16(field, " length");
        if (length == -1) return null;
        if (length < -1) throw Malformed($"string {field} has length {length}");
        ReadOnlySpan<byte> bytes = Take(length, field, "");
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ProtocolException($"{_message}: string {field} at offset {_position - length} is not valid UTF-8", ex);
        }
    }

    public ReadOnlyMemory<byte>? ReadNullableBytes(string field)
    {
        int length = ReadInt32(field, " length");
        if (length == -1) return null;
        if (length < -1) throw Malformed($"bytes {field} have length {length}");
        return Take(length, field, "").ToArray();
    }

    /// <summary>Reads a non-nullable array's element count and checks it can fit, so a bad count cannot force a huge allocation.</summary>
    public int ReadArrayLength(string field, int minElementSize)
    {
        int count = ReadInt32(field, " count");
        if (count == -1) throw Malformed($"non-nullable array {field} is null (count -1)");
        if (count < -1) throw Malformed($"array {field} has count {count}");
        if ((long)count * minElementSize > Remaining)
            throw Malformed($"array {field} claims {count} elements but only {Remaining} bytes are left");
        return count;
    }

    // part ("", " length", " count") is joined to field only when throwing, so reading allocates no names.
    private ReadOnlySpan<byte> Take(int length, string field, string part)
    {
        if (length > Remaining)
            throw new ProtocolException($"{_message} is truncated: {field}{part} needs {length} bytes at offset {_position}, {Remaining} left");
        ReadOnlySpan<byte> slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }

    private readonly ProtocolException Malformed(string what) => new($"{_message} is malformed at offset {_position}: {what}");
}
