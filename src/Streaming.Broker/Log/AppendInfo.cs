namespace Streaming.Broker.Log;

/// <summary>Where an appended batch landed.</summary>
internal readonly record struct AppendInfo(long BaseOffset, long LastOffset, long LogStartOffset);
