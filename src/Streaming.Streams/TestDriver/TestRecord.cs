namespace Streaming.Streams.TestDriver;

/// <summary>A record read from (or piped into) a topic of a <see cref="TopologyTestDriver"/>.</summary>
public sealed record TestRecord<TKey, TValue>(TKey Key, TValue Value, long Timestamp, Headers Headers);
