namespace Streaming.Streams.State;

/// <summary>A window store that keeps each value with its timestamp (Kafka's <c>TimestampedWindowStore</c>); the DSL's windowed aggregations use it.</summary>
public interface ITimestampedWindowStore<TKey, TValue> : IWindowStore<TKey, ValueAndTimestamp<TValue>>;
