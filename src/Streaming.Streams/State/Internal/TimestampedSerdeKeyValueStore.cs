namespace Streaming.Streams.State.Internal;

/// <summary>The typed outer layer of a timestamped store; putting a null value deletes the key.</summary>
internal sealed class TimestampedSerdeKeyValueStore<TKey, TValue>(IKeyValueStore<byte[], byte[]> inner, Serde<TKey> keySerde, Serde<TValue> valueSerde)
    : SerdeKeyValueStore<TKey, ValueAndTimestamp<TValue>>(inner, keySerde, ValueAndTimestampSerde.Create(valueSerde)), ITimestampedKeyValueStore<TKey, TValue>
{
    protected override bool IsDeletion(ValueAndTimestamp<TValue> value) => value.Value is null;
}
