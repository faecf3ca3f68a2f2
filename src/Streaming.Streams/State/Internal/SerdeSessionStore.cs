using System.Buffers;
using Streaming.Streams.Internal;

namespace Streaming.Streams.State.Internal;

/// <summary>The typed outer layer of a session store over bytes layers keyed by <see cref="SessionKeySchema"/>.</summary>
internal sealed class SerdeSessionStore<TKey, TValue>(IKeyValueStore<byte[], byte[]> inner, Serde<TKey> keySerde, Serde<TValue> valueSerde)
    : WrappedStateStore<IKeyValueStore<byte[], byte[]>>(inner), ISessionStore<TKey, TValue>
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private string _topic = "";

    public override void Init(IStateStoreContext context)
    {
        base.Init(context);
        _topic = InternalNames.Changelog(context.ApplicationId, Name);
    }

    /// <summary>Sets the caching layer's listener (false when writes are not cached): on flush, each dirty session's last aggregate (none when removed).</summary>
    public bool TrySetFlushListener(Action<Windowed<TKey>, Change<TValue>, long> listener, bool sendOldValues)
    {
        return CachingKeyValueStore.TryListen(Inner, sendOldValues, ToWindowed, DeserializeValue, listener);
    }

    public void Put(Windowed<TKey> sessionKey, TValue aggregate)
    {
        if (aggregate is null)
        {
            Remove(sessionKey);
            return;
        }
        byte[] key = StoreKey(sessionKey);
        _buffer.ResetWrittenCount();
        valueSerde.Serializer.Serialize(aggregate, _buffer, new SerializationContext(MessageComponentType.Value, _topic));
        Inner.Put(key, _buffer.WrittenSpan.ToArray());
    }

    public void Remove(Windowed<TKey> sessionKey) => Inner.Delete(StoreKey(sessionKey), out _);

    public bool TryFetchSession(TKey key, long sessionStartMs, long sessionEndMs, out TValue value)
    {
        if (Inner.TryGet(SessionKeySchema.ToStoreKey(SerializeKey(key), sessionStartMs, sessionEndMs), out byte[] bytes))
        {
            value = DeserializeValue(bytes);
            return true;
        }
        value = default!;
        return false;
    }

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> FindSessions(TKey key, long earliestSessionEndMs, long latestSessionStartMs)
    {
        byte[] k = SerializeKey(key);
        return Find(k, Math.Max(earliestSessionEndMs, 0), latestSessionStartMs);
    }

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> Fetch(TKey key) => FindSessions(key, 0, long.MaxValue);

    private IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> Find(byte[] key, long earliestEnd, long latestStart)
    {
        byte[] lower = SessionKeySchema.ToStoreKey(key, 0, earliestEnd);
        byte[] upper = SessionKeySchema.ToStoreKey(key, long.MaxValue, long.MaxValue);
        foreach (KeyValuePair<byte[], byte[]> kv in Inner.Range(lower, upper))
        {
            if (kv.Key.Length != key.Length + SessionKeySchema.SuffixSize || SessionKeySchema.Start(kv.Key) > latestStart) continue;
            yield return new(ToWindowed(kv.Key), DeserializeValue(kv.Value));
        }
    }

    private byte[] StoreKey(Windowed<TKey> sessionKey) => SessionKeySchema.ToStoreKey(SerializeKey(sessionKey.Key), sessionKey.Window.Start, sessionKey.Window.End);

    private Windowed<TKey> ToWindowed(byte[] storeKey)
        => new(keySerde.Deserializer.Deserialize(SessionKeySchema.Key(storeKey), false, new SerializationContext(MessageComponentType.Key, _topic)),
            new Window(SessionKeySchema.Start(storeKey), SessionKeySchema.End(storeKey)));

    private byte[] SerializeKey(TKey key)
    {
        if (key is null) throw new StreamsException($"store '{Name}' does not accept null keys");
        _buffer.ResetWrittenCount();
        keySerde.Serializer.Serialize(key, _buffer, new SerializationContext(MessageComponentType.Key, _topic));
        return _buffer.WrittenSpan.ToArray();
    }

    private TValue DeserializeValue(byte[] value) => valueSerde.Deserializer.Deserialize(value, false, new SerializationContext(MessageComponentType.Value, _topic));
}
