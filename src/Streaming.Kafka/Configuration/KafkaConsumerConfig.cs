namespace Streaming.Kafka.Configuration;

/// <summary>A consumer's checked settings, its librdkafka configuration and the batch limit.</summary>
internal sealed record KafkaConsumerConfig(ConsumerSettings Settings, IReadOnlyDictionary<string, string> Librdkafka, int MaxPollRecords);
