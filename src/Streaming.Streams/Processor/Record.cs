namespace Streaming.Streams.Processor;

/// <summary>A record flowing through a topology: key, value, event timestamp (Unix ms) and headers.</summary>
public readonly struct Record<TKey, TValue>(TKey key, TValue value, long timestamp, Headers? headers = null)
{
    public TKey Key { get; } = key;

    public TValue Value { get; } = value;

    public long Timestamp { get; } = timestamp;

    public Headers Headers { get; } = headers ?? new Headers();

    public Record<TNewKey, TValue> WithKey<TNewKey>(TNewKey key) => new(key, Value, Timestamp, Headers);

    public Record<TKey, TNewValue> WithValue<TNewValue>(TNewValue value) => new(Key, value, Timestamp, Headers);

    public Record<TKey, TValue> WithTimestamp(long timestamp) => new(Key, Value, timestamp, Headers);

    public Record<TKey, TValue> WithHeaders(Headers headers) => new(Key, Value, Timestamp, headers);

    public override string ToString() => $"Record(key={Key}, value={Value}, timestamp={Timestamp})";
}
