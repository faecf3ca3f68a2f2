using System.Buffers.Binary;
using System.Text;

namespace Streaming.Protocol.Groups;

/// <summary>Writes the non-flexible ("classic") Kafka encodings into a buffer sized beforehand with the Size methods.</summary>
internal ref struct ClassicWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public ClassicWriter(Span<byte> buffer) => _buffer = buffer;

    public readonly int Position => _position;

    public static int StringSize(string? value, string field)
    {
        if (value is null) return 2;
        int length = Encoding.UTF8.GetByteCount(value);
        if (length > short.MaxValue)
            throw new ArgumentException($"{field} is {length} UTF-8 bytes; the protocol allows at most {short.MaxValue}", field);
        return 2 + length;
    }

    public static int BytesSize(ReadOnlyMemory<byte>? value) => 4 + (value?.Length ?? 0);

    public void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer[_position..], value);
        _position += 2;
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer[_position..], value);
        _position += 4;
    }

    public void WriteNullableString(string? value)
    {
        if (value is null)
        {
            WriteInt16(-1);
            return;
        }

        int length = Encoding.UTF8.GetBytes(value, _buffer[(_position + 2)..]);
        WriteInt16((short)length);
        _position += length;
    }

    public void WriteNullableBytes(ReadOnlyMemory<byte>? value)
    {
        if (value is not { } bytes)
        {
            WriteInt32(-1);
            return;
        }

        WriteInt32(bytes.Length);
        bytes.Span.CopyTo(_buffer[_position..]);
        _position += bytes.Length;
    }
}
