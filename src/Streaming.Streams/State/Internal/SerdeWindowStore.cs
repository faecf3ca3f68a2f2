using System.Buffers;
using Streaming.Streams.Internal;

namespace Streaming.Streams.State.Internal;

/// <summary>
/// The typed outer layer of a window store over bytes layers keyed by <see cref="WindowKeySchema"/> (caching, change-logging,
/// then <see cref="RetentionBytesStore"/>). Windows older than the retention are filtered out, including ones still cached.
/// </summary>
internal class SerdeWindowStore<TKey, TValue>(IKeyValueStore<byte[], byte[]> inner, RetentionBytesStore retention, Serde<TKey> keySerde,
    Serde<TValue> valueSerde, long windowSizeMs, bool retainDuplicates)
    : WrappedStateStore<IKeyValueStore<byte[], byte[]>>(inner), IWindowStore<TKey, TValue>
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private string _topic = "";
    private int _sequence;

    public long WindowSizeMs => windowSizeMs;

    public override void Init(IStateStoreContext context)
    {
        base.Init(context);
        _topic = InternalNames.Changelog(context.ApplicationId, Name);
    }

    /// <summary>Sets the caching layer's listener (false when writes are not cached): on flush, each dirty window's last value and, if asked, the one it replaces.</summary>
    public bool TrySetFlushListener(Action<Windowed<TKey>, Change<TValue>, long> listener, bool sendOldValues)
    {
        return CachingKeyValueStore.TryListen(Inner, sendOldValues, ToWindowed, DeserializeValue, listener);
    }

    public void Put(TKey key, TValue value, long windowStartMs)
    {
        byte[] k = SerializeKey(key);
        if (IsDeletion(value))
        {
            if (!retainDuplicates) Inner.Delete(WindowKeySchema.ToStoreKey(k, windowStartMs, 0), out _);
            return;
        }
        int sequence = 0;
        if (retainDuplicates) sequence = _sequence = (_sequence + 1) & int.MaxValue;
        _buffer.ResetWrittenCount();
        valueSerde.Serializer.Serialize(value, _buffer, new SerializationContext(MessageComponentType.Value, _topic));
        Inner.Put(WindowKeySchema.ToStoreKey(k, windowStartMs, sequence), _buffer.WrittenSpan.ToArray());
    }

    public bool TryFetch(TKey key, long windowStartMs, out TValue value)
    {
        if (windowStartMs >= retention.MinLiveTime && Inner.TryGet(WindowKeySchema.ToStoreKey(SerializeKey(key), windowStartMs, 0), out byte[] bytes))
        {
            value = DeserializeValue(bytes);
            return true;
        }
        value = default!;
        return false;
    }

    public IEnumerable<KeyValuePair<long, TValue>> Fetch(TKey key, long timeFromMs, long timeToMs)
    {
        byte[] k = SerializeKey(key);
        long from = Math.Max(Math.Max(timeFromMs, 0), retention.MinLiveTime);
        return from > timeToMs ? [] : FetchKey(k, from, timeToMs);
    }

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> FetchAll(long timeFromMs, long timeToMs) => Windows(Math.Max(timeFromMs, retention.MinLiveTime), timeToMs);

    public IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> All() => Windows(retention.MinLiveTime, long.MaxValue);

    /// <summary>Whether putting <paramref name="value"/> deletes the window (a null value).</summary>
    protected virtual bool IsDeletion(TValue value) => value is null;

    private IEnumerable<KeyValuePair<long, TValue>> FetchKey(byte[] key, long from, long to)
    {
        foreach (KeyValuePair<byte[], byte[]> kv in Inner.Range(WindowKeySchema.LowerBound(key, from), WindowKeySchema.UpperBound(key, to)))
        {
            // The bounds admit longer keys that share the prefix; a key of the same length in range is this key.
            if (WindowKeySchema.IsOfKeyLength(kv.Key, key.Length)) yield return new(WindowKeySchema.WindowStart(kv.Key), DeserializeValue(kv.Value));
        }
    }

    private IEnumerable<KeyValuePair<Windowed<TKey>, TValue>> Windows(long from, long to)
    {
        foreach (KeyValuePair<byte[], byte[]> kv in Inner.All())
        {
            long start = WindowKeySchema.WindowStart(kv.Key);
            if (start >= from && start <= to) yield return new(ToWindowed(kv.Key), DeserializeValue(kv.Value));
        }
    }

    private Windowed<TKey> ToWindowed(byte[] storeKey)
    {
        long start = WindowKeySchema.WindowStart(storeKey);
        long end = start > long.MaxValue - windowSizeMs ? long.MaxValue : start + windowSizeMs;
        TKey key = keySerde.Deserializer.Deserialize(WindowKeySchema.Key(storeKey), false, new SerializationContext(MessageComponentType.Key, _topic));
        return new(key, new Window(start, end));
    }

    private byte[] SerializeKey(TKey key)
    {
        if (key is null) throw new StreamsException($"store '{Name}' does not accept null keys");
        _buffer.ResetWrittenCount();
        keySerde.Serializer.Serialize(key, _buffer, new SerializationContext(MessageComponentType.Key, _topic));
        return _buffer.WrittenSpan.ToArray();
    }

    private TValue DeserializeValue(byte[] value) => valueSerde.Deserializer.Deserialize(value, false, new SerializationContext(MessageComponentType.Value, _topic));
}

/// <summary>The typed outer layer of a timestamped window store; a null value deletes the window.</summary>
internal sealed class TimestampedSerdeWindowStore<TKey, TValue>(IKeyValueStore<byte[], byte[]> inner, RetentionBytesStore retention, Serde<TKey> keySerde,
    Serde<TValue> valueSerde, long windowSizeMs)
    : SerdeWindowStore<TKey, ValueAndTimestamp<TValue>>(inner, retention, keySerde, ValueAndTimestampSerde.Create(valueSerde), windowSizeMs, retainDuplicates: false),
        ITimestampedWindowStore<TKey, TValue>
{
    protected override bool IsDeletion(ValueAndTimestamp<TValue> value) => value.Value is null;
}
