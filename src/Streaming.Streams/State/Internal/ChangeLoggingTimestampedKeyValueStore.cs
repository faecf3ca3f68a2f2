namespace Streaming.Streams.State.Internal;

/// <summary>
/// The change-logging layer of a timestamped store: the store below holds [timestamp][value]; the changelog record carries
/// the value alone, stamped with the stored timestamp (as Kafka's timestamped changelogs), a delete as a tombstone.
/// </summary>
internal sealed class ChangeLoggingTimestampedKeyValueStore(IKeyValueStore<byte[], byte[]> inner) : WrappedKeyValueBytesStore(inner), ITimestampedBytesStore
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
        if (value is null)
        {
            Log(key, null, _context?.CurrentTimestamp ?? 0);
            return;
        }
        _context?.Collector.Send(_topic, _context.Partition, key, false, ValueAndTimestampSerde.RawValue(value), false,
            ValueAndTimestampSerde.RawTimestamp(value), null);
    }

    public override bool Delete(byte[] key, out byte[] oldValue)
    {
        bool existed = base.Delete(key, out oldValue);
        Log(key, null, _context?.CurrentTimestamp ?? 0);
        return existed;
    }

    private void Log(byte[] key, byte[]? value, long timestamp)
        => _context?.Collector.Send(_topic, _context.Partition, key, false, value, value is null, timestamp, null);
}
