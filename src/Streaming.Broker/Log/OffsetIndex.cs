using System.Buffers.Binary;
using Streaming.Broker.Storage;

namespace Streaming.Broker.Log;

/// <summary>
/// A segment's sparse offset index: (offset relative to the segment base, file position) pairs in ascending order,
/// one every <c>index.interval.bytes</c>. Kept in memory; written to its file when the segment is closed or rolled.
/// </summary>
internal sealed class OffsetIndex
{
    private const int EntrySize = 8;
    private int[] _relativeOffsets = new int[16];
    private int[] _positions = new int[16];
    private int _count;

    public int Count => _count;

    public void Add(int relativeOffset, int position)
    {
        if (_count > 0 && relativeOffset <= _relativeOffsets[_count - 1]) return;
        if (_count == _relativeOffsets.Length)
        {
            Array.Resize(ref _relativeOffsets, _count * 2);
            Array.Resize(ref _positions, _count * 2);
        }
        _relativeOffsets[_count] = relativeOffset;
        _positions[_count] = position;
        _count++;
    }

    /// <summary>The file position of the last indexed batch at or before <paramref name="relativeOffset"/> (0 when none).</summary>
    public int Lookup(int relativeOffset)
    {
        int i = Array.BinarySearch(_relativeOffsets, 0, _count, relativeOffset);
        if (i < 0) i = ~i - 1;
        return i < 0 ? 0 : _positions[i];
    }

    /// <summary>Drops entries at or past <paramref name="position"/> (after a truncation).</summary>
    public void TruncateToPosition(int position)
    {
        while (_count > 0 && _positions[_count - 1] >= position) _count--;
    }

    public void Clear() => _count = 0;

    public void WriteTo(IStorageFile file)
    {
        var bytes = new byte[_count * EntrySize];
        for (int i = 0; i < _count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(i * EntrySize), _relativeOffsets[i]);
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(i * EntrySize + 4), _positions[i]);
        }
        file.Truncate(0);
        file.Write(0, bytes);
    }

    /// <summary>Loads entries from <paramref name="file"/>; false when the file is not a well-formed index of a log of <paramref name="logSize"/> bytes.</summary>
    public bool TryLoad(IStorageFile file, long logSize)
    {
        long length = file.Length;
        if (length % EntrySize != 0 || length > int.MaxValue) return false;
        var bytes = new byte[length];
        if (file.Read(0, bytes) != length) return false;
        Clear();
        for (int i = 0; i < bytes.Length; i += EntrySize)
        {
            int rel = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(i));
            int pos = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(i + 4));
            if (rel < 0 || pos < 0 || pos >= logSize || (_count > 0 && (rel <= _relativeOffsets[_count - 1] || pos <= _positions[_count - 1])))
            {
                Clear();
                return false;
            }
            Add(rel, pos);
        }
        return true;
    }
}
