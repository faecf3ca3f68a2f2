namespace Streaming.Streams.State;

/// <summary>A value of a timestamped store with the event time (Unix ms) of the update that produced it, as Kafka's <c>ValueAndTimestamp</c>.</summary>
public readonly record struct ValueAndTimestamp<TValue>(TValue Value, long Timestamp);
