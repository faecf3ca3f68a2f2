using Streaming.Kafka.Admin;
using Streaming.Kafka.Consumer;
using Streaming.Kafka.Internal;
using Streaming.Kafka.Producer;

namespace Streaming.Kafka;

/// <summary>
/// The transport for any Kafka-protocol cluster (Apache Kafka, Redpanda, managed Kafka, the embedded broker's listener),
/// over Confluent.Kafka (librdkafka). Client configs keep Kafka's Java names and defaults; each is translated to librdkafka
/// explicitly (see <c>KafkaConfigMapper</c>), so that a key lands on the same partition and a consumer sees the same
/// records as on the in-process transport.
/// </summary>
/// <remarks>
/// Other keys of a client config are passed to librdkafka as they are and must be valid librdkafka properties; an unknown
/// one fails when the client is built, with <see cref="InvalidConfigurationException"/> naming it. A consumer whose
/// <c>partition.assignment.strategy</c> names a custom <see cref="IPartitionAssignor"/> (Confluent.Kafka has only range,
/// roundrobin and cooperative-sticky) joins its group through the transport's own client of Kafka's group protocol and
/// has its Confluent.Kafka consumer assigned by hand: commits carry the member id and generation, and its
/// <see cref="ConsumerGroupMetadata"/> fences a transactional producer's SendOffsetsToTransaction by the generation. That
/// client speaks plaintext only.
/// </remarks>
public sealed class KafkaTransport : IStreamingTransport
{
    private readonly KafkaTransportOptions _options;
    private readonly GroupMetadataRegistry _groupMetadata = new();

    /// <summary>Creates the transport; no connection is made until a client is created.</summary>
    /// <exception cref="InvalidConfigurationException">The options are invalid.</exception>
    public KafkaTransport(KafkaTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "kafka";

    /// <summary>The bootstrap servers the clients connect to, unless their config names others.</summary>
    public string? BootstrapServers => _options.BootstrapServers;

    /// <inheritdoc />
    public IProducer<TKey, TValue> CreateProducer<TKey, TValue>(ProducerConfig config, ISerializer<TKey> keySerializer, ISerializer<TValue> valueSerializer)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(keySerializer);
        ArgumentNullException.ThrowIfNull(valueSerializer);
        return new KafkaProducer<TKey, TValue>(_options, config, keySerializer, valueSerializer, _groupMetadata);
    }

    /// <inheritdoc />
    public IConsumer<TKey, TValue> CreateConsumer<TKey, TValue>(ConsumerSetup<TKey, TValue> setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return new KafkaConsumer<TKey, TValue>(_options, setup, _groupMetadata);
    }

    /// <inheritdoc />
    public IAdminClient CreateAdminClient(AdminClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new KafkaAdminClient(_options, config);
    }
}
