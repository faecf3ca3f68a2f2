using System.Text;
using Streaming.Streams.State;
using Streaming.Streams.State.Internal;

namespace Streaming.Streams.Tests.State;

/// <summary>The behaviour every bytes key-value store shares; each implementation runs it through a subclass.</summary>
public abstract class KeyValueStoreContractTests : IDisposable
{
    private readonly TestStoreContext _context = new();
    private readonly IKeyValueStore<byte[], byte[]> _store;

    protected KeyValueStoreContractTests()
    {
        _store = CreateStore("store");
        _store.Init(_context);
    }

    protected abstract IKeyValueStore<byte[], byte[]> CreateStore(string name);

    public void Dispose()
    {
        if (_store.IsOpen) _store.Close();
        _context.Dispose();
    }

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static string S(byte[] b) => Encoding.UTF8.GetString(b);

    private static List<string> Keys(IEnumerable<KeyValuePair<byte[], byte[]>> entries) => [.. entries.Select(kv => S(kv.Key) + "=" + S(kv.Value))];

    [Fact]
    public void TryGet_MissingKey_ReturnsFalse() => Assert.False(_store.TryGet(B("nope"), out _));

    [Fact]
    public void Put_ThenGet_ReturnsLatestValue()
    {
        _store.Put(B("k"), B("1"));
        _store.Put(B("k"), B("2"));

        Assert.True(_store.TryGet(B("k"), out byte[] value));
        Assert.Equal("2", S(value));
    }

    [Fact]
    public void Delete_ExistingKey_ReturnsOldValueAndRemovesIt()
    {
        _store.Put(B("k"), B("v"));

        Assert.True(_store.Delete(B("k"), out byte[] old));
        Assert.Equal("v", S(old));
        Assert.False(_store.TryGet(B("k"), out _));
        Assert.False(_store.Delete(B("k"), out _));
    }

    [Fact]
    public void PutNull_ExistingKey_Deletes()
    {
        _store.Put(B("k"), B("v"));
        _store.Put(B("k"), null!);

        Assert.False(_store.TryGet(B("k"), out _));
    }

    [Fact]
    public void All_UnorderedPuts_IteratesInUnsignedByteOrder()
    {
        _store.Put([0xFF], B("high"));
        _store.Put(B("b"), B("2"));
        _store.Put(B("a"), B("1"));
        _store.Put(B("ab"), B("3"));

        List<byte[]> keys = [.. _store.All().Select(kv => kv.Key)];

        Assert.Equal([B("a"), B("ab"), B("b"), [0xFF]], keys);
    }

    [Fact]
    public void Range_Bounds_AreInclusive()
    {
        foreach (string k in new[] { "a", "b", "c", "d", "e" }) _store.Put(B(k), B(k.ToUpperInvariant()));

        Assert.Equal(["b=B", "c=C", "d=D"], Keys(_store.Range(B("b"), B("d"))));
        Assert.Equal(["c=C"], Keys(_store.Range(B("bb"), B("cc"))));
    }

    [Fact]
    public void Range_FromAfterTo_IsEmpty()
    {
        _store.Put(B("a"), B("1"));

        Assert.Empty(_store.Range(B("z"), B("a")));
    }

    [Fact]
    public void All_PutWhileIterating_DoesNotSeeNewKeys()
    {
        _store.Put(B("a"), B("1"));
        _store.Put(B("c"), B("3"));
        var seen = new List<string>();

        foreach (KeyValuePair<byte[], byte[]> kv in _store.All())
        {
            seen.Add(S(kv.Key));
            _store.Put(B("b"), B("2"));
        }

        Assert.Equal(["a", "c"], seen);
        Assert.True(_store.TryGet(B("b"), out _));
    }

    [Fact]
    public void ApproximateNumEntries_AfterPuts_IsAboutTheKeyCount()
    {
        for (int i = 0; i < 100; i++) _store.Put(B($"k{i:D3}"), B("v"));
        _store.Flush();

        // RocksDB's estimate-num-keys is an estimate (deletes skew it further), hence a range.
        Assert.InRange(_store.ApproximateNumEntries, 80, 120);
        for (int i = 0; i < 40; i++) _store.Delete(B($"k{i:D3}"), out _);
        Assert.Equal(60, _store.All().Count());
    }

    [Fact]
    public void Close_ThenIsOpen_IsFalse()
    {
        _store.Close();

        Assert.False(_store.IsOpen);
    }
}

public sealed class InMemoryKeyValueStoreTests : KeyValueStoreContractTests
{
    protected override IKeyValueStore<byte[], byte[]> CreateStore(string name) => Stores.InMemoryKeyValueStore(name).Get();

    [Fact]
    public void ApproximateNumEntries_IsExact()
    {
        var store = Stores.InMemoryKeyValueStore("x").Get();
        store.Put([1], [1]);
        store.Put([2], [2]);

        Assert.Equal(2, store.ApproximateNumEntries);
        Assert.False(store.Persistent);
    }
}

public sealed class RocksDbKeyValueStoreTests : KeyValueStoreContractTests
{
    protected override IKeyValueStore<byte[], byte[]> CreateStore(string name) => Stores.PersistentKeyValueStore(name).Get();

    private sealed class RecordingSetter : IRocksDbConfigSetter
    {
        public List<string> Stores { get; } = [];

        public void SetConfig(string storeName, RocksDbSharp.DbOptions options)
        {
            Stores.Add(storeName);
            options.SetMaxOpenFiles(64);
        }
    }

    [Fact]
    public void Init_ConfigSetter_IsCalledWithStoreName()
    {
        var setter = new RecordingSetter();
        using var context = new TestStoreContext(setter);
        IKeyValueStore<byte[], byte[]> store = Stores.PersistentKeyValueStore("configured").Get();

        store.Init(context);
        store.Close();

        Assert.Equal(["configured"], setter.Stores);
        Assert.True(Directory.Exists(Path.Combine(context.StateDirectory, "rocksdb", "configured")));
    }

    [Fact]
    public void Reopen_AfterFlushAndClose_KeepsData()
    {
        using var context = new TestStoreContext();
        IKeyValueStore<byte[], byte[]> store = Stores.PersistentKeyValueStore("durable").Get();
        store.Init(context);
        store.Put([1, 2], [3]);
        store.Flush();
        store.Close();

        IKeyValueStore<byte[], byte[]> reopened = Stores.PersistentKeyValueStore("durable").Get();
        reopened.Init(context);
        Assert.True(reopened.TryGet([1, 2], out byte[] value));
        Assert.Equal([3], value);
        Assert.True(reopened.Persistent);
        reopened.Close();
    }
}

/// <summary>The caching layer over an in-memory store must behave as a store too (its reads merge cache and store).</summary>
public sealed class CachingKeyValueStoreContractTests : KeyValueStoreContractTests
{
    protected override IKeyValueStore<byte[], byte[]> CreateStore(string name) => new CachingKeyValueStore(new InMemoryKeyValueStore(name), new RecordCache(1024 * 1024));
}
