namespace Streaming.Kafka.Configuration;

/// <summary>A producer's checked settings and the librdkafka configuration made from them.</summary>
internal sealed record KafkaProducerConfig(ProducerSettings Settings, IReadOnlyDictionary<string, string> Librdkafka);
