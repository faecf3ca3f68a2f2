namespace Streaming.Streams.State.Internal;

/// <summary>A sorted heap map of byte keys; iterators see a snapshot of the keys taken when they start.</summary>
internal sealed class InMemoryKeyValueStore(string name) : IKeyValueStore<byte[], byte[]>, IRestoreTarget
{
    public void Restore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone) => Put(key.ToArray(), tombstone ? null! : value.ToArray());

    public void EndRestoreBatch() { }

    private readonly SortedDictionary<byte[], byte[]> _map = new(ByteArrayComparer.Instance);
    private readonly SortedSet<byte[]> _keys = new(ByteArrayComparer.Instance);

    public string Name { get; } = name;

    public bool Persistent => false;

    public bool IsOpen { get; private set; }

    public long ApproximateNumEntries => _map.Count;

    public void Init(IStateStoreContext context) => IsOpen = true;

    public bool TryGet(byte[] key, out byte[] value) => _map.TryGetValue(key, out value!);

    public void Put(byte[] key, byte[] value)
    {
        if (value is null)
        {
            Delete(key, out _);
            return;
        }
        if (_map.TryAdd(key, value)) _keys.Add(key);
        else _map[key] = value;
    }

    public bool Delete(byte[] key, out byte[] oldValue)
    {
        if (!_map.Remove(key, out oldValue!)) return false;
        _keys.Remove(key);
        return true;
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[] from, byte[] to)
        => ByteArrayComparer.Instance.Compare(from, to) > 0 ? [] : Snapshot(_keys.GetViewBetween(from, to));

    public IEnumerable<KeyValuePair<byte[], byte[]>> All() => Snapshot(_keys);

    public void Flush() { }

    public void Close() => IsOpen = false;

    private IEnumerable<KeyValuePair<byte[], byte[]>> Snapshot(SortedSet<byte[]> keys)
    {
        byte[][] snapshot = [.. keys];
        foreach (byte[] key in snapshot)
        {
            if (_map.TryGetValue(key, out byte[]? value)) yield return new(key, value);
        }
    }
}
