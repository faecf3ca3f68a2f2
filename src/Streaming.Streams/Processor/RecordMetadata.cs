namespace Streaming.Streams.Processor;

/// <summary>Where the record being processed came from.</summary>
public readonly record struct RecordMetadata(string Topic, int Partition, long Offset);
