using System.Diagnostics;
using Streaming.Streams.Runtime;

namespace Streaming.Streams.State.Internal;

/// <summary>
/// The metered layer, on top of a store's bytes layers (Kafka's metered(caching(change-logging(inner)))): the duration of
/// every get, put, delete, range, scan and flush goes to the <c>streaming.streams.store.operation.duration</c> histogram,
/// tagged with the application, the store and the operation. Timing happens only while something listens to the
/// instrument; otherwise the layer costs a flag check per operation.
/// </summary>
internal sealed class MeteredKeyValueBytesStore(IKeyValueStore<byte[], byte[]> inner) : WrappedKeyValueBytesStore(inner)
{
    private KeyValuePair<string, object?> _application = new("streams.application_id", "");
    private KeyValuePair<string, object?> _store = new("streams.store", inner.Name);

    public override void Init(IStateStoreContext context)
    {
        base.Init(context);
        _application = new("streams.application_id", context.ApplicationId);
        _store = new("streams.store", Name);
    }

    public override bool TryGet(byte[] key, out byte[] value)
    {
        if (!StreamsMetrics.StoreOperationDuration.Enabled) return Inner.TryGet(key, out value);
        long start = Stopwatch.GetTimestamp();
        bool found = Inner.TryGet(key, out value);
        Record("get", start);
        return found;
    }

    public override void Put(byte[] key, byte[] value)
    {
        if (!StreamsMetrics.StoreOperationDuration.Enabled)
        {
            Inner.Put(key, value);
            return;
        }
        long start = Stopwatch.GetTimestamp();
        Inner.Put(key, value);
        Record("put", start);
    }

    public override bool Delete(byte[] key, out byte[] oldValue)
    {
        if (!StreamsMetrics.StoreOperationDuration.Enabled) return Inner.Delete(key, out oldValue);
        long start = Stopwatch.GetTimestamp();
        bool existed = Inner.Delete(key, out oldValue);
        Record("delete", start);
        return existed;
    }

    public override IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[] from, byte[] to)
        => StreamsMetrics.StoreOperationDuration.Enabled ? Timed(Inner.Range(from, to), "range") : Inner.Range(from, to);

    public override IEnumerable<KeyValuePair<byte[], byte[]>> All()
        => StreamsMetrics.StoreOperationDuration.Enabled ? Timed(Inner.All(), "all") : Inner.All();

    public override void Flush()
    {
        long start = Stopwatch.GetTimestamp();
        base.Flush();
        if (StreamsMetrics.StoreOperationDuration.Enabled) Record("flush", start);
    }

    /// <summary>A scan is timed from its start until the caller stops enumerating.</summary>
    private IEnumerable<KeyValuePair<byte[], byte[]>> Timed(IEnumerable<KeyValuePair<byte[], byte[]>> entries, string operation)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            foreach (KeyValuePair<byte[], byte[]> entry in entries) yield return entry;
        }
        finally
        {
            Record(operation, start);
        }
    }

    private void Record(string operation, long start)
        => StreamsMetrics.StoreOperationDuration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, _application, _store, new("streams.operation", operation));
}
