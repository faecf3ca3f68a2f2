namespace Streaming.Streams.State;

/// <summary>
/// A key-value store that keeps each value with its timestamp (Kafka's <c>TimestampedKeyValueStore</c>). The DSL's
/// aggregations and materialized tables use it so that their results carry the right event time after a restart.
/// </summary>
public interface ITimestampedKeyValueStore<TKey, TValue> : IKeyValueStore<TKey, ValueAndTimestamp<TValue>>;
