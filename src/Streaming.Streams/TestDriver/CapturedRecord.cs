namespace Streaming.Streams.TestDriver;

/// <summary>A record as written to a topic inside the driver: raw bytes.</summary>
internal sealed record CapturedRecord(string Topic, byte[]? Key, byte[]? Value, long Timestamp, Headers Headers);
