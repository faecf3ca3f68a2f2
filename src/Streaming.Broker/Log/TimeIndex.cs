using System.Buffers.Binary;
using Streaming.Broker.Storage;

namespace Streaming.Broker.Log;

/// <summary>
/// A segment's sparse time index: (max timestamp so far, offset relative to the segment base) pairs, both ascending,
/// for finding the first offset at or after a timestamp.
/// </summary>
internal sealed class TimeIndex
{
    private const int EntrySize = 12;
    private long[] _timestamps = new long[16];
    private int[] _relativeOffsets = new int[16];
    private int _count;

    public int Count => _count;

    /// <summary>The largest indexed timestamp, or -1.</summary>
    public long LastTimestamp => _count == 0 ? -1 : _timestamps[_count - 1];

    public void Add(long timestamp, int relativeOffset)
    {
        if (_count > 0 && (timestamp <= _timestamps[_count - 1] || relativeOffset <= _relativeOffsets[_count - 1])) return;
        if (_count == _timestamps.Length)
        {
            Array.Resize(ref _timestamps, _count * 2);
            Array.Resize(ref _relativeOffsets, _count * 2);
        }
        _timestamps[_count] = timestamp;
        _relativeOffsets[_count] = relativeOffset;
        _count++;
    }

    /// <summary>
    /// A relative offset from which to scan for the first record with timestamp at or after <paramref name="timestamp"/>:
    /// the offset of the last entry whose timestamp is below it (entries mark the batch that raised the max), or 0.
    /// </summary>
    public int Lookup(long timestamp)
    {
        int i = Array.BinarySearch(_timestamps, 0, _count, timestamp);
        if (i < 0) i = ~i;
        i--; // the last entry strictly below the target
        return i < 0 ? 0 : _relativeOffsets[i];
    }

    public void TruncateToRelativeOffset(int relativeOffset)
    {
        while (_count > 0 && _relativeOffsets[_count - 1] >= relativeOffset) _count--;
    }

    public void Clear() => _count = 0;

    public void WriteTo(IStorageFile file)
    {
        var bytes = new byte[_count * EntrySize];
        for (int i = 0; i < _count; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(i * EntrySize), _timestamps[i]);
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(i * EntrySize + 8), _relativeOffsets[i]);
        }
        file.Truncate(0);
        file.Write(0, bytes);
    }

    public bool TryLoad(IStorageFile file)
    {
        long length = file.Length;
        if (length % EntrySize != 0 || length > int.MaxValue) return false;
        var bytes = new byte[length];
        if (file.Read(0, bytes) != length) return false;
        Clear();
        for (int i = 0; i < bytes.Length; i += EntrySize)
        {
            long ts = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(i));
            int rel = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(i + 8));
            if (rel < 0 || (_count > 0 && (ts <= _timestamps[_count - 1] || rel <= _relativeOffsets[_count - 1])))
            {
                Clear();
                return false;
            }
            Add(ts, rel);
        }
        return true;
    }
}
