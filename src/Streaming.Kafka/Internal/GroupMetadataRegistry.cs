using System.Runtime.CompilerServices;
using CK = Confluent.Kafka;

namespace Streaming.Kafka.Internal;

/// <summary>
/// Links each <see cref="ConsumerGroupMetadata"/> a consumer of the transport handed out to the Confluent.Kafka group
/// metadata it was made from, so that a producer of the same transport can pass the real thing to
/// SendOffsetsToTransaction. Confluent.Kafka's metadata type is opaque (librdkafka's serialized form, built only by a
/// consumer), so the record cannot be turned back into it; the link holds the record weakly and dies with it.
/// </summary>
internal sealed class GroupMetadataRegistry
{
    private readonly ConditionalWeakTable<ConsumerGroupMetadata, CK.IConsumerGroupMetadata> _links = new();

    public void Register(ConsumerGroupMetadata metadata, CK.IConsumerGroupMetadata confluent) => _links.AddOrUpdate(metadata, confluent);

    public bool TryGet(ConsumerGroupMetadata metadata, out CK.IConsumerGroupMetadata confluent)
    {
        bool found = _links.TryGetValue(metadata, out var value);
        confluent = value!;
        return found;
    }
}
