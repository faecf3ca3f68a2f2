namespace Streaming.Streams.State.Internal;

/// <summary>Writes every change of the store below to its changelog topic <c>&lt;application.id&gt;-&lt;store&gt;-changelog</c> (a delete as a tombstone).</summary>
internal sealed class ChangeLoggingKeyValueStore(IKeyValueStore<byte[], byte[]> inner) : IKeyValueStore<byte[], byte[]>
{
    private IInternalStoreContext? _context;
    private string _topic = "";

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long ApproximateNumEntries => inner.ApproximateNumEntries;

    public void Init(IStateStoreContext context)
    {
        inner.Init(context);
        _context = context as IInternalStoreContext;
        _topic = InternalNames.Changelog(context.ApplicationId, Name);
    }

    public bool TryGet(byte[] key, out byte[] value) => inner.TryGet(key, out value);

    public void Put(byte[] key, byte[] value)
    {
        inner.Put(key, value);
        Log(key, value);
    }

    public bool Delete(byte[] key, out byte[] oldValue)
    {
        bool existed = inner.Delete(key, out oldValue);
        Log(key, null);
        return existed;
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[] from, byte[] to) => inner.Range(from, to);

    public IEnumerable<KeyValuePair<byte[], byte[]>> All() => inner.All();

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();

    private void Log(byte[] key, byte[]? value)
        => _context?.Collector.Send(_topic, _context.Partition, key, false, value, value is null, _context.CurrentTimestamp, null);
}
