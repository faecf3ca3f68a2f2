namespace Streaming.Broker.Groups;

/// <summary>A committed offset with its metadata string and commit time.</summary>
internal readonly record struct CommittedOffset(long Offset, string Metadata, long CommitTimestamp);
