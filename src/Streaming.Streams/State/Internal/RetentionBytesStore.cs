using Streaming.Streams.Internal;

namespace Streaming.Streams.State.Internal;

/// <summary>The time a window or session store key carries (a window's start, a session's end).</summary>
internal delegate long KeyTime(ReadOnlySpan<byte> storeKey);

/// <summary>
/// The innermost layer of window and session stores: a bytes key-value store (RocksDB or in-memory) whose keys carry a time
/// (a window's start, a session's end) and which keeps only the last <c>retention</c> ms of it, measured from the highest time
/// written (Kafka's segmented stores measure it the same way). Expired entries are invisible at once and purged each time the
/// observed time moves by a purge interval (Kafka's segment interval, max(retention / 2, 60 s)); writes for expired times are
/// dropped, logged and counted. Restoring applies the changelog's records (same key layout) to the store below.
/// </summary>
internal sealed class RetentionBytesStore : IKeyValueStore<byte[], byte[]>, IRestoreTarget
{
    private readonly IKeyValueStore<byte[], byte[]> _inner;
    private readonly KeyTime _timeOf;
    private readonly long _purgeIntervalMs;
    private long _nextPurge = long.MinValue;
    private StreamTask? _task;

    public RetentionBytesStore(IKeyValueStore<byte[], byte[]> inner, long retentionMs, KeyTime timeOf)
    {
        _inner = inner;
        RetentionMs = retentionMs;
        _timeOf = timeOf;
        _purgeIntervalMs = Math.Max(retentionMs / 2, 60_000);
    }

    public long RetentionMs { get; }

    /// <summary>The highest time written or restored since the store opened; long.MinValue before any.</summary>
    public long ObservedTime { get; private set; } = long.MinValue;

    /// <summary>The oldest time still retained.</summary>
    public long MinLiveTime => ObservedTime == long.MinValue ? long.MinValue : ObservedTime - RetentionMs + 1;

    public string Name => _inner.Name;

    public bool Persistent => _inner.Persistent;

    public bool IsOpen => _inner.IsOpen;

    public long ApproximateNumEntries => _inner.ApproximateNumEntries;

    public void Init(IStateStoreContext context)
    {
        _inner.Init(context);
        _task = context as StreamTask;
    }

    public bool TryGet(byte[] key, out byte[] value)
    {
        if (_timeOf(key) < MinLiveTime)
        {
            value = null!;
            return false;
        }
        return _inner.TryGet(key, out value);
    }

    public void Put(byte[] key, byte[] value)
    {
        if (value is null)
        {
            _inner.Put(key, null!);
            return;
        }
        long time = _timeOf(key);
        if (time < MinLiveTime)
        {
            if (_task is not null) DroppedRecords.ExpiredSegment(_task, Name, time, MinLiveTime);
            return;
        }
        _inner.Put(key, value);
        Observe(time);
        if (ObservedTime >= _nextPurge) Purge();
    }

    public bool Delete(byte[] key, out byte[] oldValue) => _inner.Delete(key, out oldValue);

    public IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[] from, byte[] to) => Live(_inner.Range(from, to));

    public IEnumerable<KeyValuePair<byte[], byte[]>> All() => Live(_inner.All());

    public void Flush() => _inner.Flush();

    public void Close() => _inner.Close();

    public void Restore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone)
    {
        if (!tombstone) Observe(_timeOf(key));
        ((IRestoreTarget)_inner).Restore(key, value, tombstone);
    }

    public void EndRestoreBatch()
    {
        ((IRestoreTarget)_inner).EndRestoreBatch();
        Purge();
    }

    /// <summary>Deletes every expired entry from the store below (not logged: the changelog topic expires them by its own retention).</summary>
    public void Purge()
    {
        if (ObservedTime == long.MinValue) return;
        long minLive = MinLiveTime;
        List<byte[]>? expired = null;
        foreach (KeyValuePair<byte[], byte[]> kv in _inner.All())
        {
            if (_timeOf(kv.Key) < minLive) (expired ??= []).Add(kv.Key);
        }
        if (expired is not null)
        {
            foreach (byte[] key in expired) _inner.Put(key, null!);
        }
        _nextPurge = ObservedTime + _purgeIntervalMs;
    }

    private void Observe(long time)
    {
        if (time > ObservedTime) ObservedTime = time;
    }

    private IEnumerable<KeyValuePair<byte[], byte[]>> Live(IEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        long minLive = MinLiveTime;
        foreach (KeyValuePair<byte[], byte[]> kv in entries)
        {
            if (_timeOf(kv.Key) >= minLive) yield return kv;
        }
    }
}
