using System.Globalization;
using RocksDbSharp;

namespace Streaming.Streams.State.Internal;

/// <summary>A RocksDB database under <c>&lt;task dir&gt;/rocksdb/&lt;store&gt;</c>. The WAL is off: the changelog topic is the store's durability.</summary>
internal sealed class RocksDbKeyValueStore(string name) : IKeyValueStore<byte[], byte[]>, IRestoreTarget
{
    private const int RestoreBatchBytes = 4 * 1024 * 1024;
    private RocksDb? _db;
    private WriteBatch? _restoreBatch;
    private long _restoreBatchBytes;
    private WriteOptions? _writeOptions;

    public string Name { get; } = name;

    public bool Persistent => true;

    public bool IsOpen => _db is not null;

    public long ApproximateNumEntries
    {
        get
        {
            string? estimate = Db.GetProperty("rocksdb.estimate-num-keys");
            return long.TryParse(estimate, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : 0;
        }
    }

    private RocksDb Db => _db ?? throw new InvalidStateException($"store '{Name}' is not open");

    public void Init(IStateStoreContext context)
    {
        string path = Path.Combine(context.StateDirectory, "rocksdb", Name);
        Directory.CreateDirectory(path);
        var options = new DbOptions().SetCreateIfMissing(true);
        context.Config.RocksDbConfigSetter?.SetConfig(Name, options);
        try
        {
            _db = RocksDb.Open(options, path);
        }
        catch (RocksDbException ex)
        {
            throw new StorageException($"cannot open RocksDB store '{Name}' at '{path}': {ex.Message}", ex);
        }
        _writeOptions = new WriteOptions().DisableWal(1);
    }

    public bool TryGet(byte[] key, out byte[] value)
    {
        value = Db.Get(key)!;
        return value is not null;
    }

    public void Put(byte[] key, byte[] value)
    {
        if (value is null) Db.Remove(key, null, _writeOptions);
        else Db.Put(key, value, null, _writeOptions);
    }

    public bool Delete(byte[] key, out byte[] oldValue)
    {
        if (!TryGet(key, out oldValue)) return false;
        Db.Remove(key, null, _writeOptions);
        return true;
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[] from, byte[] to)
        => ByteArrayComparer.Instance.Compare(from, to) > 0 ? [] : Iterate(from, to);

    public IEnumerable<KeyValuePair<byte[], byte[]>> All() => Iterate(null, null);

    public void Flush() => Db.Flush(new FlushOptions().SetWaitForFlush(true));

    public void Restore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone)
    {
        _restoreBatch ??= new WriteBatch();
        if (tombstone) _restoreBatch.Delete(key);
        else _restoreBatch.Put(key, value);
        _restoreBatchBytes += key.Length + value.Length;
        if (_restoreBatchBytes >= RestoreBatchBytes) EndRestoreBatch();
    }

    public void EndRestoreBatch()
    {
        if (_restoreBatch is null || _restoreBatchBytes == 0) return;
        Db.Write(_restoreBatch, _writeOptions);
        _restoreBatch.Clear();
        _restoreBatchBytes = 0;
    }

    public void Close()
    {
        _restoreBatch?.Dispose();
        _restoreBatch = null;
        _restoreBatchBytes = 0;
        _db?.Dispose();
        _db = null;
    }

    private IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(byte[]? from, byte[]? to)
    {
        // The iterator reads an implicit snapshot, so writes made while iterating are not seen (as the in-memory store).
        using Iterator it = Db.NewIterator();
        if (from is null) it.SeekToFirst();
        else it.Seek(from);
        for (; it.Valid(); it.Next())
        {
            byte[] key = it.Key();
            if (to is not null && ByteArrayComparer.Instance.Compare(key, to) > 0) yield break;
            yield return new(key, it.Value());
        }
    }
}
