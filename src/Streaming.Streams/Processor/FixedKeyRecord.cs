namespace Streaming.Streams.Processor;

/// <summary>A record whose key a processor cannot change (so no repartition is needed downstream).</summary>
public readonly struct FixedKeyRecord<TKey, TValue>
{
    private readonly Record<TKey, TValue> _record;

    internal FixedKeyRecord(Record<TKey, TValue> record) => _record = record;

    public TKey Key => _record.Key;

    public TValue Value => _record.Value;

    public long Timestamp => _record.Timestamp;

    public Headers Headers => _record.Headers;

    public FixedKeyRecord<TKey, TNewValue> WithValue<TNewValue>(TNewValue value) => new(_record.WithValue(value));

    public FixedKeyRecord<TKey, TValue> WithTimestamp(long timestamp) => new(_record.WithTimestamp(timestamp));

    public FixedKeyRecord<TKey, TValue> WithHeaders(Headers headers) => new(_record.WithHeaders(headers));

    internal Record<TKey, TValue> AsRecord() => _record;
}
