using System.Buffers;

namespace Streaming.Protocol.Messages;

/// <summary>
/// A frame encoded with its record sets left in place: the encoded bytes around them plus references to them. Send
/// <see cref="GetSegments"/> in order. Dispose to return the pooled buffer.
/// </summary>
public sealed class EncodedFrame : IDisposable
{
    private readonly PooledBufferWriter _buffer;
    private readonly List<RecordsSegment> _records;

    internal EncodedFrame(PooledBufferWriter buffer, List<RecordsSegment> records)
    {
        _buffer = buffer;
        _records = records;
        long length = buffer.WrittenCount;
        foreach (RecordsSegment segment in records) length += segment.Bytes.Length;
        Length = length;
    }

    /// <summary>Total bytes of the frame, size prefix included.</summary>
    public long Length { get; }

    /// <summary>The record sets that were not copied, with their positions in the frame.</summary>
    public IReadOnlyList<RecordsSegment> Records => _records;

    /// <summary>The frame's bytes as buffers in wire order: encoded parts interleaved with the record sets.</summary>
    public List<ReadOnlyMemory<byte>> GetSegments()
    {
        ReadOnlyMemory<byte> written = _buffer.WrittenMemory;
        var segments = new List<ReadOnlyMemory<byte>>(_records.Count * 2 + 1);
        long deferredBefore = 0;
        int taken = 0;
        foreach (RecordsSegment segment in _records)
        {
            int at = (int)(segment.Position - deferredBefore);
            if (at > taken) segments.Add(written[taken..at]);
            segments.Add(segment.Bytes);
            taken = at;
            deferredBefore += segment.Bytes.Length;
        }

        if (taken < written.Length) segments.Add(written[taken..]);
        return segments;
    }

    /// <summary>Copies the whole frame into <paramref name="output"/>.</summary>
    public void CopyTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (ReadOnlyMemory<byte> segment in GetSegments()) output.Write(segment.Span);
    }

    /// <inheritdoc />
    public void Dispose() => _buffer.Dispose();
}
