namespace Streaming.Streams.Processor;

/// <summary>A record flowing through a topology: key, value, event timestamp (Unix ms) and headers.</summary>
public readonly struct Record<TKey, TValue>(TKey key, TValue value, long timestamp, Headers? headers = null)
{
    private readonly bool _tombstone;

    private Record(TKey key, TValue value, long timestamp, Headers? headers, bool tombstone)
        : this(key, value, timestamp, headers) => _tombstone = tombstone;

    /// <summary>
    /// True when the value is null — or, for a value type that cannot be null, when the record is a table's deletion turned
    /// into a stream record (<c>KTable.ToStream</c>): sinks write it as a tombstone and aggregations skip it, as Kafka
    /// Streams does with its null value.
    /// </summary>
    public bool ValueIsNull => _tombstone || Value is null;

    /// <summary>This record marked as a deletion (its value is <c>default</c>).</summary>
    internal Record<TKey, TValue> AsTombstone() => new(Key, default!, Timestamp, Headers, tombstone: true);

    public TKey Key { get; } = key;

    public TValue Value { get; } = value;

    public long Timestamp { get; } = timestamp;

    public Headers Headers { get; } = headers ?? new Headers();

    public Record<TNewKey, TValue> WithKey<TNewKey>(TNewKey key) => _tombstone ? new Record<TNewKey, TValue>(key, Value, Timestamp, Headers).AsTombstone() : new(key, Value, Timestamp, Headers);

    public Record<TKey, TNewValue> WithValue<TNewValue>(TNewValue value) => new(Key, value, Timestamp, Headers);

    public Record<TKey, TValue> WithTimestamp(long timestamp) => new(Key, Value, timestamp, Headers, _tombstone);

    public Record<TKey, TValue> WithHeaders(Headers headers) => new(Key, Value, Timestamp, headers, _tombstone);

    public override string ToString() => $"Record(key={Key}, value={Value}, timestamp={Timestamp})";
}
