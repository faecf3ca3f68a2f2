using System.Buffers;
using Streaming.Streams.Internal;

namespace Streaming.Streams.State.Internal;

/// <summary>The typed outer layer: serializes keys and values with the store's serdes over the bytes layers below.</summary>
internal class SerdeKeyValueStore<TKey, TValue>(IKeyValueStore<byte[], byte[]> inner, Serde<TKey> keySerde, Serde<TValue> valueSerde)
    : WrappedStateStore<IKeyValueStore<byte[], byte[]>>(inner), IKeyValueStore<TKey, TValue>
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private string _topic = "";

    public long ApproximateNumEntries => Inner.ApproximateNumEntries;

    public override void Init(IStateStoreContext context)
    {
        base.Init(context);
        _topic = InternalNames.Changelog(context.ApplicationId, Name);
    }

    /// <summary>
    /// Sets the listener of the caching layer, if there is one; false when writes are not cached. On flush the listener gets
    /// each dirty key's last value and, when <paramref name="sendOldValues"/>, the value it replaces in the layer below.
    /// </summary>
    public bool TrySetFlushListener(Action<TKey, Change<TValue>, long> listener, bool sendOldValues)
    {
        return CachingKeyValueStore.TryListen(Inner, sendOldValues, DeserializeKey, DeserializeValue, listener);
    }

    public bool TryGet(TKey key, out TValue value)
    {
        if (Inner.TryGet(SerializeKey(key), out byte[] bytes))
        {
            value = DeserializeValue(bytes);
            return true;
        }
        value = default!;
        return false;
    }

    public void Put(TKey key, TValue value)
    {
        byte[] k = SerializeKey(key);
        if (IsDeletion(value))
        {
            Inner.Delete(k, out _);
            return;
        }
        _buffer.ResetWrittenCount();
        valueSerde.Serializer.Serialize(value, _buffer, new SerializationContext(MessageComponentType.Value, _topic));
        Inner.Put(k, _buffer.WrittenSpan.ToArray());
    }

    public bool Delete(TKey key, out TValue oldValue)
    {
        if (Inner.Delete(SerializeKey(key), out byte[] old))
        {
            oldValue = DeserializeValue(old);
            return true;
        }
        oldValue = default!;
        return false;
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to) => Typed(Inner.Range(SerializeKey(from), SerializeKey(to)));

    public IEnumerable<KeyValuePair<TKey, TValue>> All() => Typed(Inner.All());

    /// <summary>Whether putting <paramref name="value"/> deletes the key (a null value).</summary>
    protected virtual bool IsDeletion(TValue value) => value is null;

    private IEnumerable<KeyValuePair<TKey, TValue>> Typed(IEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        foreach (KeyValuePair<byte[], byte[]> kv in entries) yield return new(DeserializeKey(kv.Key), DeserializeValue(kv.Value));
    }

    private byte[] SerializeKey(TKey key)
    {
        if (key is null) throw new StreamsException($"store '{Name}' does not accept null keys");
        // A read-modify-write (aggregations) serializes the same key twice in a row: reuse the bytes for immutable key types.
        if (ReuseKeys && _lastKeyBytes is not null && EqualityComparer<TKey>.Default.Equals(key, _lastKey)) return _lastKeyBytes;
        _buffer.ResetWrittenCount();
        keySerde.Serializer.Serialize(key, _buffer, new SerializationContext(MessageComponentType.Key, _topic));
        byte[] bytes = _buffer.WrittenSpan.ToArray();
        if (ReuseKeys)
        {
            _lastKey = key;
            _lastKeyBytes = bytes;
        }
        return bytes;
    }

    // Only types whose equality is value equality and that cannot change after the comparison.
    private static readonly bool ReuseKeys = typeof(TKey) == typeof(string) || typeof(TKey).IsPrimitive || typeof(TKey) == typeof(Guid);
    private TKey? _lastKey;
    private byte[]? _lastKeyBytes;

    private TKey DeserializeKey(byte[] key) => keySerde.Deserializer.Deserialize(key, false, new SerializationContext(MessageComponentType.Key, _topic));

    private TValue DeserializeValue(byte[] value) => valueSerde.Deserializer.Deserialize(value, false, new SerializationContext(MessageComponentType.Value, _topic));
}
