namespace Streaming.Streams.State;

/// <summary>One version of a key in a versioned store: the value, the timestamp it is valid from and, unless it is the latest, the timestamp it is valid to (exclusive).</summary>
public readonly record struct VersionedRecord<TValue>(TValue Value, long Timestamp, long? ValidTo);
