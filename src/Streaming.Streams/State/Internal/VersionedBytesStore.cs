using System.Buffers.Binary;

namespace Streaming.Streams.State.Internal;

/// <summary>
/// The bytes layer of a versioned store over a plain bytes store (RocksDB or in-memory): each key maps to its versions, newest
/// first, as [timestamp int64][length int32, -1 for a tombstone][value]. A version is valid until the next newer one's
/// timestamp. Versions that stopped being valid before (highest timestamp seen − history retention) are dropped on write;
/// a key left with only a tombstone is removed. Restoring replays the changelog through <see cref="Put"/>.
/// </summary>
internal sealed class VersionedBytesStore(IKeyValueStore<byte[], byte[]> inner, long historyRetentionMs) : IStateStore, IRestoreTarget
{
    private readonly List<(long Timestamp, byte[]? Value)> _versions = [];

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long HistoryRetentionMs => historyRetentionMs;

    /// <summary>The highest timestamp put so far (recomputed from the changelog on restore); long.MinValue before the first.</summary>
    public long ObservedStreamTime { get; private set; } = long.MinValue;

    public void Init(IStateStoreContext context) => inner.Init(context);

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();

    public long Put(byte[] key, byte[]? value, long timestamp)
    {
        if (ObservedStreamTime != long.MinValue && timestamp < ObservedStreamTime - historyRetentionMs) return VersionedKeyValueStore.PutReturnCodeNotPut;
        ObservedStreamTime = Math.Max(ObservedStreamTime, timestamp);
        Load(key);
        int i = 0;
        while (i < _versions.Count && _versions[i].Timestamp > timestamp) i++;
        if (i < _versions.Count && _versions[i].Timestamp == timestamp) _versions[i] = (timestamp, value);
        else _versions.Insert(i, (timestamp, value));
        long validTo = i == 0 ? VersionedKeyValueStore.PutReturnCodeValidToUndefined : _versions[i - 1].Timestamp;
        // A version whose successor started at or before the retention bound can no longer answer any query.
        long bound = ObservedStreamTime - historyRetentionMs;
        int keep = 1;
        while (keep < _versions.Count && _versions[keep - 1].Timestamp > bound) keep++;
        _versions.RemoveRange(keep, _versions.Count - keep);
        if (_versions.Count == 1 && _versions[0].Value is null) inner.Delete(key, out _);
        else inner.Put(key, Encode());
        return validTo;
    }

    /// <summary>The latest version (null when the key has none or its latest is a tombstone).</summary>
    public (byte[] Value, long Timestamp)? GetLatest(byte[] key)
    {
        if (!inner.TryGet(key, out byte[] raw) || raw.Length < 12) return null;
        int length = BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(8));
        return length < 0 ? null : (raw.AsSpan(12, length).ToArray(), BinaryPrimitives.ReadInt64BigEndian(raw));
    }

    /// <summary>The version valid at <paramref name="asOf"/>, with its validity end (null for the latest).</summary>
    public (byte[] Value, long Timestamp, long? ValidTo)? GetAsOf(byte[] key, long asOf)
    {
        if (ObservedStreamTime != long.MinValue && asOf < ObservedStreamTime - historyRetentionMs) return null;
        if (!inner.TryGet(key, out byte[] raw)) return null;
        long? validTo = null;
        for (int offset = 0; offset < raw.Length;)
        {
            long ts = BinaryPrimitives.ReadInt64BigEndian(raw.AsSpan(offset));
            int length = BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(offset + 8));
            int size = 12 + Math.Max(length, 0);
            if (ts <= asOf) return length < 0 ? null : (raw.AsSpan(offset + 12, length).ToArray(), ts, validTo);
            validTo = ts;
            offset += size;
        }
        return null;
    }

    public void Restore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone)
        => throw new InvalidOperationException($"versioned store '{Name}' is restored with the records' timestamps");

    public void Restore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone, long timestamp)
        => Put(key.ToArray(), tombstone ? null : value.ToArray(), timestamp);

    public void EndRestoreBatch() { }

    private void Load(byte[] key)
    {
        _versions.Clear();
        if (!inner.TryGet(key, out byte[] raw)) return;
        for (int offset = 0; offset < raw.Length;)
        {
            long ts = BinaryPrimitives.ReadInt64BigEndian(raw.AsSpan(offset));
            int length = BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(offset + 8));
            _versions.Add((ts, length < 0 ? null : raw.AsSpan(offset + 12, length).ToArray()));
            offset += 12 + Math.Max(length, 0);
        }
    }

    private byte[] Encode()
    {
        byte[] raw = new byte[_versions.Sum(v => 12 + (v.Value?.Length ?? 0))];
        int offset = 0;
        foreach ((long ts, byte[]? value) in _versions)
        {
            BinaryPrimitives.WriteInt64BigEndian(raw.AsSpan(offset), ts);
            BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(offset + 8), value?.Length ?? -1);
            value?.CopyTo(raw.AsSpan(offset + 12));
            offset += 12 + (value?.Length ?? 0);
        }
        return raw;
    }
}
