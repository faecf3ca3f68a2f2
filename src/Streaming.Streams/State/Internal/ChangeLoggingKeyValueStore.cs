namespace Streaming.Streams.State.Internal;

/// <summary>Writes every change of the store below to its changelog topic <c>&lt;application.id&gt;-&lt;store&gt;-changelog</c> (a delete as a tombstone).</summary>
internal sealed class ChangeLoggingKeyValueStore(IKeyValueStore<byte[], byte[]> inner) : WrappedKeyValueBytesStore(inner)
{
    private IInternalStoreContext? _context;
    private string _topic = "";

    public override void Init(IStateStoreContext context)
    {
        base.Init(context);
        _context = context as IInternalStoreContext;
        _topic = InternalNames.Changelog(context.ApplicationId, Name);
    }

    public override void Put(byte[] key, byte[] value)
    {
        base.Put(key, value);
        Log(key, value);
    }

    public override bool Delete(byte[] key, out byte[] oldValue)
    {
        bool existed = base.Delete(key, out oldValue);
        Log(key, null);
        return existed;
    }

    private void Log(byte[] key, byte[]? value)
        => _context?.Collector.Send(_topic, _context.Partition, key, false, value, value is null, _context.CurrentTimestamp, null);
}
