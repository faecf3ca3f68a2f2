namespace Streaming.Streams.State.Internal;

/// <summary>A bytes layer that passes every operation to the layer below unless it overrides it.</summary>
internal abstract class WrappedKeyValueBytesStore(IKeyValueStore<byte[], byte[]> inner)
    : WrappedStateStore<IKeyValueStore<byte[], byte[]>>(inner), IKeyValueStore<byte[], byte[]>
{
    public virtual long ApproximateNumEntries => Inner.ApproximateNumEntries;

    public virtual bool TryGet(byte[] key, out byte[] value) => Inner.TryGet(key, out value);

    public virtual void Put(byte[] key, byte[] value) => Inner.Put(key, value);

    public virtual bool Delete(byte[] key, out byte[] oldValue) => Inner.Delete(key, out oldValue);

    public virtual IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[] from, byte[] to) => Inner.Range(from, to);

    public virtual IEnumerable<KeyValuePair<byte[], byte[]>> All() => Inner.All();
}
