using System.Buffers;
using System.Buffers.Binary;

namespace Streaming.Protocol.Messages;

/// <summary>
/// Kafka's framing: every request and response is a 4-byte big-endian size, then that many bytes (header and body).
/// </summary>
public static class KafkaFraming
{
    /// <summary>Bytes of the size prefix.</summary>
    public const int SizePrefixLength = 4;

    /// <summary>Kafka's default largest request (<c>socket.request.max.bytes</c>, 100 MiB).</summary>
    public const int DefaultMaxFrameSize = 104_857_600;

    /// <summary>
    /// Says whether <paramref name="buffer"/> starts with one whole frame. <paramref name="frameSize"/> is the size the
    /// prefix announces (excluding the prefix) once the prefix is there, else -1.
    /// </summary>
    /// <exception cref="ProtocolException">The announced size is negative or larger than <paramref name="maxFrameSize"/>.</exception>
    public static bool TryGetFrameSize(in ReadOnlySequence<byte> buffer, int maxFrameSize, out int frameSize)
    {
        if (buffer.Length < SizePrefixLength)
        {
            frameSize = -1;
            return false;
        }

        Span<byte> prefix = stackalloc byte[SizePrefixLength];
        buffer.Slice(0, SizePrefixLength).CopyTo(prefix);
        frameSize = CheckSize(BinaryPrimitives.ReadInt32BigEndian(prefix), maxFrameSize);
        return buffer.Length - SizePrefixLength >= frameSize;
    }

    /// <summary>Like the sequence overload, for contiguous bytes.</summary>
    public static bool TryGetFrameSize(ReadOnlySpan<byte> buffer, int maxFrameSize, out int frameSize)
    {
        if (buffer.Length < SizePrefixLength)
        {
            frameSize = -1;
            return false;
        }

        frameSize = CheckSize(BinaryPrimitives.ReadInt32BigEndian(buffer), maxFrameSize);
        return buffer.Length - SizePrefixLength >= frameSize;
    }

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/>: on success <paramref name="frame"/> is its
    /// payload (without the prefix) and <paramref name="buffer"/> the bytes after it; otherwise both are left as they were.
    /// </summary>
    /// <exception cref="ProtocolException">The announced size is negative or larger than <paramref name="maxFrameSize"/>.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out ReadOnlySequence<byte> frame)
    {
        if (!TryGetFrameSize(buffer, maxFrameSize, out int size))
        {
            frame = default;
            return false;
        }

        frame = buffer.Slice(SizePrefixLength, size);
        buffer = buffer.Slice(frame.End);
        return true;
    }

    /// <summary>Writes the size prefix for a frame of <paramref name="frameSize"/> bytes.</summary>
    public static void WriteSizePrefix(Span<byte> destination, int frameSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameSize);
        BinaryPrimitives.WriteInt32BigEndian(destination, frameSize);
    }

    private static int CheckSize(int size, int maxFrameSize)
    {
        if (size < 0) throw new ProtocolException($"frame size {size} is negative");
        if (size > maxFrameSize) throw new ProtocolException($"frame size {size} exceeds the maximum of {maxFrameSize} bytes");
        return size;
    }
}
