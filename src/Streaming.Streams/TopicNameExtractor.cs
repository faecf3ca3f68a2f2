using Streaming.Streams.Processor;

namespace Streaming.Streams;

/// <summary>Chooses the sink topic of each record; <paramref name="source"/> is null for records forwarded from a punctuation.</summary>
public delegate string TopicNameExtractor<in TKey, in TValue>(TKey key, TValue value, RecordMetadata? source);
