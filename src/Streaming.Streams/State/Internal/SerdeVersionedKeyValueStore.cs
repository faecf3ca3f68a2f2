using System.Buffers;
using Streaming.Streams.Internal;

namespace Streaming.Streams.State.Internal;

/// <summary>
/// The typed layer of a versioned store: serializes keys and values and, when logging, writes each accepted put to
/// <c>&lt;application.id&gt;-&lt;store&gt;-changelog</c> as (key, value or tombstone) stamped with the version's timestamp.
/// </summary>
internal sealed class SerdeVersionedKeyValueStore<TKey, TValue>(VersionedBytesStore inner, Serde<TKey> keySerde, Serde<TValue> valueSerde, bool logging)
    : IVersionedKeyValueStore<TKey, TValue>, IWrappedStore
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private IInternalStoreContext? _context;
    private string _topic = "";

    IStateStore IWrappedStore.WrappedStore => inner;

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public TimeSpan HistoryRetention => TimeSpan.FromMilliseconds(inner.HistoryRetentionMs);

    public void Init(IStateStoreContext context)
    {
        inner.Init(context);
        _context = logging ? context as IInternalStoreContext : null;
        _topic = InternalNames.Changelog(context.ApplicationId, Name);
    }

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();

    public long Put(TKey key, TValue value, long timestamp)
    {
        byte[] k = SerializeKey(key);
        byte[]? v = null;
        if (value is not null)
        {
            _buffer.ResetWrittenCount();
            valueSerde.Serializer.Serialize(value, _buffer, new SerializationContext(MessageComponentType.Value, _topic));
            v = _buffer.WrittenSpan.ToArray();
        }
        long result = inner.Put(k, v, timestamp);
        if (result != VersionedKeyValueStore.PutReturnCodeNotPut)
            _context?.Collector.Send(_topic, _context.Partition, k, false, v, v is null, timestamp, null);
        return result;
    }

    public VersionedRecord<TValue>? Delete(TKey key, long timestamp)
    {
        VersionedRecord<TValue>? old = Get(key, timestamp);
        Put(key, default!, timestamp);
        return old;
    }

    public VersionedRecord<TValue>? Get(TKey key)
        => inner.GetLatest(SerializeKey(key)) is { } latest ? new VersionedRecord<TValue>(Deserialize(latest.Value), latest.Timestamp, null) : null;

    public VersionedRecord<TValue>? Get(TKey key, long asOfTimestamp)
        => inner.GetAsOf(SerializeKey(key), asOfTimestamp) is { } v ? new VersionedRecord<TValue>(Deserialize(v.Value), v.Timestamp, v.ValidTo) : null;

    private byte[] SerializeKey(TKey key)
    {
        if (key is null) throw new StreamsException($"store '{Name}' does not accept null keys");
        _buffer.ResetWrittenCount();
        keySerde.Serializer.Serialize(key, _buffer, new SerializationContext(MessageComponentType.Key, _topic));
        return _buffer.WrittenSpan.ToArray();
    }

    private TValue Deserialize(byte[] value) => valueSerde.Deserializer.Deserialize(value, false, new SerializationContext(MessageComponentType.Value, _topic));
}
