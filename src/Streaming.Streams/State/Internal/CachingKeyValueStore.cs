namespace Streaming.Streams.State.Internal;

/// <summary>
/// Buffers writes in the task's record cache: reads see them at once, the layer below and the flush listener see only the
/// last write per key when the cache is flushed (at commit) or when it evicts a dirty entry to stay under its byte budget.
/// </summary>
/// <remarks>Outside a task (no shared cache in the context) it uses <paramref name="standaloneCache"/>, or none: every write passes straight through.</remarks>
internal sealed class CachingKeyValueStore(IKeyValueStore<byte[], byte[]> inner, RecordCache? standaloneCache = null) : WrappedKeyValueBytesStore(inner)
{
    private readonly Dictionary<byte[], Entry> _entries = new(ByteArrayComparer.Instance);
    private readonly LinkedList<Entry> _lru = new();
    private readonly LinkedList<Entry> _dirty = new();
    private RecordCache? _cache;
    private IInternalStoreContext? _context;

    /// <summary>
    /// Called once per dirty key on flush with its last value (null for a delete), the value it replaces in the layer below
    /// (only when <see cref="SendOldValues"/>, else null) and the timestamp of the last write. A key that was neither in the
    /// layer below nor has a value now is neither written nor reported (as Kafka's caching store).
    /// </summary>
    public Action<byte[], byte[]?, byte[]?, long>? FlushListener { get; set; }

    /// <summary>Whether <see cref="FlushListener"/> gets old values (one read of the layer below per flushed key).</summary>
    public bool SendOldValues { get; set; }

    public override void Init(IStateStoreContext context)
    {
        base.Init(context);
        _context = context as IInternalStoreContext;
        _cache = _context?.Cache ?? standaloneCache ?? new RecordCache(0);
    }

    public override bool TryGet(byte[] key, out byte[] value)
    {
        if (_entries.TryGetValue(key, out Entry? entry))
        {
            Touch(entry);
            value = entry.Value!;
            return entry.Value is not null;
        }
        return Inner.TryGet(key, out value);
    }

    public override void Put(byte[] key, byte[] value) => PutInternal(key, value);

    public override bool Delete(byte[] key, out byte[] oldValue)
    {
        bool existed = TryGet(key, out oldValue);
        PutInternal(key, null);
        return existed;
    }

    public override IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[] from, byte[] to)
        => ByteArrayComparer.Instance.Compare(from, to) > 0 ? [] : Merge(Inner.Range(from, to), from, to);

    public override IEnumerable<KeyValuePair<byte[], byte[]>> All() => Merge(Inner.All(), null, null);

    public override void Flush()
    {
        FlushDirty();
        Inner.Flush();
    }

    public override void Close()
    {
        FlushDirty();
        foreach (Entry e in _entries.Values) _cache!.Charge(-e.Size);
        _entries.Clear();
        _lru.Clear();
        Inner.Close();
    }

    /// <summary>Drops the writes not flushed yet (a dirty close: they reach neither the layer below nor the flush listener).</summary>
    public void DiscardDirty()
    {
        while (_dirty.First is { } node)
        {
            Entry e = node.Value;
            _dirty.RemoveFirst();
            e.DirtyNode = null;
            _lru.Remove(e.LruNode!);
            _entries.Remove(e.Key);
            _cache!.Charge(-e.Size);
        }
    }

    private void PutInternal(byte[] key, byte[]? value)
    {
        long timestamp = _context?.CurrentTimestamp ?? 0;
        if (_entries.TryGetValue(key, out Entry? entry))
        {
            long newSize = RecordCache.SizeOf(key, value);
            _cache!.Charge(newSize - entry.Size);
            entry.Size = newSize;
            entry.Value = value;
            entry.Timestamp = timestamp;
            Touch(entry);
            if (entry.DirtyNode is not null) _dirty.Remove(entry.DirtyNode);
        }
        else
        {
            entry = new Entry(key, value, timestamp, RecordCache.SizeOf(key, value));
            entry.LruNode = _lru.AddLast(entry);
            _entries.Add(key, entry);
            _cache!.Charge(entry.Size);
        }
        entry.DirtyNode = _dirty.AddLast(entry);
        EvictWhileOverBudget();
    }

    private void EvictWhileOverBudget()
    {
        while (_cache!.IsOverBudget && _lru.First is { } eldest)
        {
            if (eldest.Value.DirtyNode is not null) FlushDirty();
            _lru.RemoveFirst();
            _entries.Remove(eldest.Value.Key);
            _cache.Charge(-eldest.Value.Size);
        }
    }

    private void FlushDirty()
    {
        while (_dirty.First is { } node)
        {
            Entry e = node.Value;
            _dirty.RemoveFirst();
            e.DirtyNode = null;
            if (FlushListener is null)
            {
                if (e.Value is null) Inner.Delete(e.Key, out _);
                else Inner.Put(e.Key, e.Value);
                continue;
            }
            byte[]? old = (e.Value is null || SendOldValues) && Inner.TryGet(e.Key, out byte[] stored) ? stored : null;
            if (e.Value is null && old is null) continue;
            if (e.Value is null) Inner.Delete(e.Key, out _);
            else Inner.Put(e.Key, e.Value);
            FlushListener(e.Key, e.Value, SendOldValues ? old : null, e.Timestamp);
        }
    }

    private void Touch(Entry entry)
    {
        _lru.Remove(entry.LruNode!);
        _lru.AddLast(entry.LruNode!);
    }

    private IEnumerable<KeyValuePair<byte[], byte[]>> Merge(IEnumerable<KeyValuePair<byte[], byte[]>> stored, byte[]? from, byte[]? to)
    {
        var cmp = ByteArrayComparer.Instance;
        Entry[] cached = [.. _entries.Values.Where(e => (from is null || cmp.Compare(e.Key, from) >= 0) && (to is null || cmp.Compare(e.Key, to) <= 0))
            .Select(e => new Entry(e.Key, e.Value, e.Timestamp, e.Size))];
        Array.Sort(cached, (a, b) => cmp.Compare(a.Key, b.Key));
        int i = 0;
        foreach (KeyValuePair<byte[], byte[]> kv in stored)
        {
            while (i < cached.Length && cmp.Compare(cached[i].Key, kv.Key) < 0)
            {
                if (cached[i].Value is { } v) yield return new(cached[i].Key, v);
                i++;
            }
            if (i < cached.Length && cmp.Compare(cached[i].Key, kv.Key) == 0)
            {
                if (cached[i].Value is { } v) yield return new(cached[i].Key, v);
                i++;
            }
            else
            {
                yield return kv;
            }
        }
        for (; i < cached.Length; i++)
        {
            if (cached[i].Value is { } v) yield return new(cached[i].Key, v);
        }
    }

    private sealed class Entry(byte[] key, byte[]? value, long timestamp, long size)
    {
        public byte[] Key { get; } = key;
        public byte[]? Value { get; set; } = value;
        public long Timestamp { get; set; } = timestamp;
        public long Size { get; set; } = size;
        public LinkedListNode<Entry>? LruNode { get; set; }
        public LinkedListNode<Entry>? DirtyNode { get; set; }
    }

    /// <summary>
    /// Connects <paramref name="listener"/> to the caching layer under <paramref name="store"/>, if there is one (false when
    /// writes are not cached): on flush, each dirty key's last value (none for a delete) and, with
    /// <paramref name="sendOldValues"/>, the value it replaces in the layer below, deserialized by the typed layer.
    /// </summary>
    public static bool TryListen<TKey, TValue>(IStateStore store, bool sendOldValues, Func<byte[], TKey> key, Func<byte[], TValue> value,
        Action<TKey, Streaming.Streams.Internal.Change<TValue>, long> listener)
    {
        if (StoreLayers.Find<CachingKeyValueStore>(store) is not { } caching) return false;
        caching.SendOldValues = sendOldValues;
        caching.FlushListener = (k, v, old, timestamp) => listener(
            key(k),
            new Streaming.Streams.Internal.Change<TValue>(v is null ? default! : value(v), v is not null, old is null ? default! : value(old), old is not null),
            timestamp);
        return true;
    }
}
