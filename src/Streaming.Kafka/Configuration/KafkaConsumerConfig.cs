using Streaming.Kafka.Membership;

namespace Streaming.Kafka.Configuration;

/// <summary>
/// A consumer's checked settings, its librdkafka configuration and the batch limit; <see cref="Membership"/> is set when
/// <c>partition.assignment.strategy</c> names a custom assignor, so the transport runs the group membership itself.
/// </summary>
internal sealed record KafkaConsumerConfig(ConsumerSettings Settings, IReadOnlyDictionary<string, string> Librdkafka, int MaxPollRecords,
    MembershipOptions? Membership = null);
