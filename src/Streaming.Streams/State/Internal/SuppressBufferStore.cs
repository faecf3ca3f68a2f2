using System.Buffers.Binary;
using Streaming.Streams.Internal;

namespace Streaming.Streams.State.Internal;

/// <summary>
/// The buffer of a suppression (Kafka's in-memory time-ordered key-value buffer): per key, the latest value, the value before
/// the first buffered update (the prior value), the time it is ordered by (a window end, or the first update's timestamp) and
/// the latest record's timestamp. At each flush the keys changed since the last one are written to the changelog (a tombstone
/// for an emitted key); restoring replays them, so the buffer survives a restart. The changelog value is
/// [8-byte buffer time][8-byte record timestamp][4-byte new length or -1][new][4-byte prior length or -1][prior] (our layout, not Kafka's).
/// </summary>
internal sealed class SuppressBufferStore(string name, bool logging) : IStateStore, IRestoreTarget
{
    /// <summary>Bytes charged per entry on top of its key and values (times, links).</summary>
    public const int EntryOverhead = 64;

    private readonly Dictionary<byte[], Entry> _index = new(ByteArrayComparer.Instance);
    private readonly SortedSet<Entry> _byTime = new(EntryOrder.Instance);
    private readonly HashSet<byte[]> _dirty = new(ByteArrayComparer.Instance);
    private IInternalStoreContext? _context;
    private string _topic = "";

    public string Name { get; } = name;

    public bool Persistent => false;

    public bool IsOpen { get; private set; }

    public bool LoggingEnabled => logging;

    public int Count => _index.Count;

    public long SizeBytes { get; private set; }

    /// <summary>The smallest buffer time; long.MaxValue when empty.</summary>
    public long MinTime => _byTime.Count == 0 ? long.MaxValue : _byTime.Min!.Time;

    public void Init(IStateStoreContext context)
    {
        _context = context as IInternalStoreContext;
        _topic = InternalNames.Changelog(context.ApplicationId, Name);
        IsOpen = true;
    }

    /// <summary>Buffers the latest value of <paramref name="key"/>; a key already buffered keeps its buffer time and prior value.</summary>
    public void Put(byte[] key, long time, long recordTimestamp, byte[]? newValue, byte[]? oldValue)
    {
        if (_index.TryGetValue(key, out Entry? entry))
        {
            SizeBytes -= entry.Size;
            entry.NewValue = newValue;
            entry.RecordTimestamp = recordTimestamp;
        }
        else
        {
            entry = new Entry(key, time, recordTimestamp, newValue, oldValue);
            _index.Add(key, entry);
            _byTime.Add(entry);
        }
        SizeBytes += entry.Size;
        _dirty.Add(key);
    }

    /// <summary>Removes and returns the entry with the smallest buffer time.</summary>
    public Entry EvictOldest()
    {
        Entry entry = _byTime.Min ?? throw new InvalidOperationException($"suppression buffer '{Name}' is empty");
        Remove(entry);
        _dirty.Add(entry.Key);
        return entry;
    }

    public void Flush()
    {
        if (_dirty.Count == 0) return;
        if (logging && _context is not null)
        {
            foreach (byte[] key in _dirty)
            {
                if (_index.TryGetValue(key, out Entry? entry))
                {
                    byte[] value = Encode(entry);
                    _context.Collector.Send(_topic, _context.Partition, key, false, value, false, entry.RecordTimestamp, null);
                }
                else
                {
                    _context.Collector.Send(_topic, _context.Partition, key, false, default, true, _context.CurrentTimestamp, null);
                }
            }
        }
        _dirty.Clear();
    }

    public void Close()
    {
        _index.Clear();
        _byTime.Clear();
        _dirty.Clear();
        SizeBytes = 0;
        IsOpen = false;
    }

    public void Restore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone)
    {
        byte[] k = key.ToArray();
        if (_index.TryGetValue(k, out Entry? existing)) Remove(existing);
        if (tombstone) return;
        long time = BinaryPrimitives.ReadInt64BigEndian(value);
        long recordTimestamp = BinaryPrimitives.ReadInt64BigEndian(value[8..]);
        ReadOnlySpan<byte> rest = value[16..];
        byte[]? newValue = ReadBytes(ref rest);
        byte[]? prior = ReadBytes(ref rest);
        var entry = new Entry(k, time, recordTimestamp, newValue, prior);
        _index.Add(k, entry);
        _byTime.Add(entry);
        SizeBytes += entry.Size;
    }

    public void EndRestoreBatch() { }

    private void Remove(Entry entry)
    {
        _index.Remove(entry.Key);
        _byTime.Remove(entry);
        SizeBytes -= entry.Size;
    }

    private static byte[] Encode(Entry entry)
    {
        byte[] value = new byte[16 + 8 + (entry.NewValue?.Length ?? 0) + (entry.PriorValue?.Length ?? 0)];
        BinaryPrimitives.WriteInt64BigEndian(value, entry.Time);
        BinaryPrimitives.WriteInt64BigEndian(value.AsSpan(8), entry.RecordTimestamp);
        int offset = WriteBytes(value, 16, entry.NewValue);
        WriteBytes(value, offset, entry.PriorValue);
        return value;
    }

    private static int WriteBytes(byte[] destination, int offset, byte[]? bytes)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination.AsSpan(offset), bytes?.Length ?? -1);
        bytes?.CopyTo(destination, offset + 4);
        return offset + 4 + (bytes?.Length ?? 0);
    }

    private static byte[]? ReadBytes(ref ReadOnlySpan<byte> source)
    {
        int length = BinaryPrimitives.ReadInt32BigEndian(source);
        source = source[4..];
        if (length < 0) return null;
        byte[] bytes = source[..length].ToArray();
        source = source[length..];
        return bytes;
    }

    internal sealed class Entry(byte[] key, long time, long recordTimestamp, byte[]? newValue, byte[]? priorValue)
    {
        public byte[] Key { get; } = key;
        public long Time { get; } = time;
        public long RecordTimestamp { get; set; } = recordTimestamp;
        public byte[]? NewValue { get; set; } = newValue;
        public byte[]? PriorValue { get; } = priorValue;
        public long Size => Key.Length + (NewValue?.Length ?? 0) + (PriorValue?.Length ?? 0) + EntryOverhead;
    }

    private sealed class EntryOrder : IComparer<Entry>
    {
        public static readonly EntryOrder Instance = new();

        public int Compare(Entry? x, Entry? y)
        {
            int byTime = x!.Time.CompareTo(y!.Time);
            return byTime != 0 ? byTime : ByteArrayComparer.Instance.Compare(x.Key, y.Key);
        }
    }
}

/// <summary>Builds a suppression's buffer store.</summary>
internal sealed class SuppressBufferStoreBuilder(string name, bool logging) : IStoreBuilder
{
    public string Name { get; } = name;

    public bool LoggingEnabled { get; } = logging;

    public IStateStore Build() => new SuppressBufferStore(Name, LoggingEnabled);
}
