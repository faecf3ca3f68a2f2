using Streaming.Streams.Internal;
using Streaming.Streams.State;
using Streaming.Streams.State.Internal;

namespace Streaming.Streams.Tests.State;

/// <summary>A store context that captures the changelog records its stores write (timestamps come from <see cref="CurrentTimestamp"/>).</summary>
internal sealed class CapturingStoreContext : IInternalStoreContext, IRecordCollector, IDisposable
{
    private readonly TestStoreContext _inner = new();

    public List<(byte[] Key, byte[]? Value, long Timestamp)> Changelog { get; } = [];

    public string ApplicationId => _inner.ApplicationId;

    public string TaskId => _inner.TaskId;

    public string StateDirectory => _inner.StateDirectory;

    public StreamsConfig Config => _inner.Config;

    public int Partition => 0;

    public long CurrentTimestamp { get; set; }

    public RecordCache Cache { get; } = new(0);

    public IRecordCollector Collector => this;

    public void Send(string topic, int partition, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, bool valueIsNull, long timestamp, Headers? headers)
        => Changelog.Add((key.ToArray(), valueIsNull ? null : value.ToArray(), timestamp));

    public void Dispose() => _inner.Dispose();
}

/// <summary>The behaviour window and session stores share over RocksDB and in-memory bytes stores.</summary>
public abstract class WindowStoreContractTests : IDisposable
{
    private readonly CapturingStoreContext _context = new();
    private readonly List<IStateStore> _opened = [];

    protected abstract StoreType Type { get; }

    public void Dispose()
    {
        foreach (IStateStore s in _opened.Where(s => s.IsOpen)) s.Close();
        _context.Dispose();
    }

    private T Open<T>(T store, IStateStoreContext? context = null) where T : IStateStore
    {
        store.Init(context ?? _context);
        _opened.Add(store);
        return store;
    }

    private WindowBytesStoreSupplier Window(string name, long retention, long size, bool duplicates = false) => Type == StoreType.InMemory
        ? Stores.InMemoryWindowStore(name, TimeSpan.FromMilliseconds(retention), TimeSpan.FromMilliseconds(size), duplicates)
        : Stores.PersistentWindowStore(name, TimeSpan.FromMilliseconds(retention), TimeSpan.FromMilliseconds(size), duplicates);

    private SessionBytesStoreSupplier Session(string name, long retention) => Type == StoreType.InMemory
        ? Stores.InMemorySessionStore(name, TimeSpan.FromMilliseconds(retention))
        : Stores.PersistentSessionStore(name, TimeSpan.FromMilliseconds(retention));

    private IWindowStore<string, string> WindowStore(string name = "w", long retention = 1000, long size = 10, bool duplicates = false)
        => Open(Stores.WindowStoreBuilder(Window(name, retention, size, duplicates), Serdes.String, Serdes.String).BuildWindowStore());

    [Fact]
    public void Fetch_KeysSharingAPrefix_OnlyReturnTheFetchedKeysWindowsInclusive()
    {
        IWindowStore<string, string> store = WindowStore();
        store.Put("a", "a0", 0);
        store.Put("a", "a10", 10);
        store.Put("a", "a20", 20);
        store.Put("ab", "ab10", 10);
        store.Put("b", "b10", 10);

        Assert.Equal([new KeyValuePair<long, string>(10, "a10"), new(20, "a20")], store.Fetch("a", 10, 20).ToList());
        Assert.True(store.TryFetch("ab", 10, out string? ab));
        Assert.Equal("ab10", ab);
        Assert.False(store.TryFetch("a", 5, out _));
        Assert.Equal(["a@10", "ab@10", "b@10"], store.FetchAll(10, 10).Select(w => $"{w.Key.Key}@{w.Key.Window.Start}"));
        Assert.Equal(new Window(20, 30), store.All().Single(w => w.Value == "a20").Key.Window);
    }

    [Fact]
    public void Put_NullValue_DeletesTheWindow()
    {
        IWindowStore<string, string> store = WindowStore();
        store.Put("a", "x", 10);
        store.Put("a", null!, 10);

        Assert.Empty(store.Fetch("a", 0, 100));
    }

    [Fact]
    public void Put_RetainDuplicates_KeepsEveryValue()
    {
        IWindowStore<string, string> store = WindowStore(duplicates: true);
        store.Put("a", "1", 10);
        store.Put("a", "2", 10);

        Assert.Equal(["1", "2"], store.Fetch("a", 10, 10).Select(kv => kv.Value));
    }

    [Fact]
    public void Retention_NewerWindows_ExpireOlderOnesAndDropExpiredWrites()
    {
        IWindowStore<string, string> store = WindowStore(retention: 100);
        store.Put("a", "old", 0);
        store.Put("a", "kept", 50);
        store.Put("a", "new", 100); // min live time = 100 - 100 + 1 = 1

        Assert.Equal([50L, 100L], store.Fetch("a", 0, 1000).Select(kv => kv.Key));
        Assert.False(store.TryFetch("a", 0, out _));
        store.Put("a", "late", 0);
        Assert.Equal([50L, 100L], store.All().Select(w => w.Key.Window.Start));
        store.Put("a", "later", 200_000); // past a purge interval: expired windows are deleted from the store below
        Assert.Equal([200_000L], store.All().Select(w => w.Key.Window.Start));
    }

    [Fact]
    public void Restore_CapturedChangelog_ReproducesTheTimestampedStore()
    {
        var builder = Stores.TimestampedWindowStoreBuilder(Window("tw", 1000, 10), Serdes.String, Serdes.String);
        ITimestampedWindowStore<string, string> original = Open(builder.BuildTimestampedWindowStore());
        _context.CurrentTimestamp = 999; // the changelog stamps records with the stored timestamps, not this
        original.Put("a", new ValueAndTimestamp<string>("x", 3), 0);
        original.Put("b", new ValueAndTimestamp<string>("y", 14), 10);
        original.Put("a", new ValueAndTimestamp<string>("z", 15), 10);
        original.Put("a", new ValueAndTimestamp<string>(null!, 0), 10);
        original.Put("a", new ValueAndTimestamp<string>("w", 17), 10);
        Assert.Equal(5, _context.Changelog.Count);

        using var otherContext = new TestStoreContext();
        ITimestampedWindowStore<string, string> restored = Open(builder.BuildTimestampedWindowStore(), otherContext);
        IRestoreTarget target = StoreLayers.RestoreTarget(restored);
        foreach ((byte[] key, byte[]? value, long timestamp) in _context.Changelog) target.Restore(key, value, value is null, timestamp);
        target.EndRestoreBatch();

        Assert.Equal(original.All().ToList(), restored.All().ToList());
        Assert.Equal(new ValueAndTimestamp<string>("w", 17), restored.Fetch("a", 10, 10).Single().Value);
    }

    [Fact]
    public void Session_FindSessions_ReturnsOverlappingSessionsOfTheKeyOnly()
    {
        ISessionStore<string, long> store = Open(Stores.SessionStoreBuilder(Session("s", 1000), Serdes.String, Serdes.Int64).BuildSessionStore());
        store.Put(new Windowed<string>("a", new Window(0, 5)), 1);
        store.Put(new Windowed<string>("a", new Window(10, 20)), 2);
        store.Put(new Windowed<string>("a", new Window(30, 30)), 3);
        store.Put(new Windowed<string>("aa", new Window(10, 20)), 9);

        // Sessions ending at or after 6 and starting at or before 25.
        Assert.Equal([2L], store.FindSessions("a", 6, 25).Select(s => s.Value));
        Assert.Equal([1L, 2L, 3L], store.Fetch("a").Select(s => s.Value));
        store.Remove(new Windowed<string>("a", new Window(10, 20)));
        Assert.False(store.TryFetchSession("a", 10, 20, out _));
        Assert.True(store.TryFetchSession("aa", 10, 20, out long aa));
        Assert.Equal(9, aa);
    }

    [Fact]
    public void Session_RestoreCapturedChangelog_ReproducesTheStoreWithKafkasKeyLayout()
    {
        var builder = Stores.SessionStoreBuilder(Session("s", 1000), Serdes.String, Serdes.Int64);
        ISessionStore<string, long> original = Open(builder.BuildSessionStore());
        original.Put(new Windowed<string>("a", new Window(1, 5)), 1);
        original.Put(new Windowed<string>("a", new Window(7, 9)), 2);
        original.Remove(new Windowed<string>("a", new Window(1, 5)));
        // key + end + start
        Assert.Equal([(byte)'a', 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1], _context.Changelog[0].Key);

        using var otherContext = new TestStoreContext();
        ISessionStore<string, long> restored = Open(builder.BuildSessionStore(), otherContext);
        IRestoreTarget target = StoreLayers.RestoreTarget(restored);
        foreach ((byte[] key, byte[]? value, long timestamp) in _context.Changelog) target.Restore(key, value, value is null, timestamp);
        target.EndRestoreBatch();

        Assert.Equal(original.Fetch("a").ToList(), restored.Fetch("a").ToList());
        Assert.Single(restored.Fetch("a"));
    }

    [Fact]
    public void WindowedSerdes_RoundTrip_UseKafkasLayouts()
    {
        Serde<Windowed<string>> time = WindowedSerdes.TimeWindowedSerde(Serdes.String, 10);
        Serde<Windowed<string>> session = WindowedSerdes.SessionWindowedSerde(Serdes.String);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        time.Serializer.Serialize(new Windowed<string>("k", new Window(20, 30)), buffer, default);
        Assert.Equal([(byte)'k', 0, 0, 0, 0, 0, 0, 0, 20], buffer.WrittenSpan.ToArray());
        Assert.Equal(new Windowed<string>("k", new Window(20, 30)), time.Deserializer.Deserialize(buffer.WrittenSpan, false, default));
        buffer.ResetWrittenCount();
        session.Serializer.Serialize(new Windowed<string>("k", new Window(2, 9)), buffer, default);
        Assert.Equal([(byte)'k', 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 2], buffer.WrittenSpan.ToArray());
        Assert.Equal(new Windowed<string>("k", new Window(2, 9)), session.Deserializer.Deserialize(buffer.WrittenSpan, false, default));
    }
}

public sealed class InMemoryWindowStoreContractTests : WindowStoreContractTests
{
    protected override StoreType Type => StoreType.InMemory;
}

public sealed class RocksDbWindowStoreContractTests : WindowStoreContractTests
{
    protected override StoreType Type => StoreType.RocksDb;
}
