namespace Streaming.Kafka;

/// <summary>Where the Kafka transport connects, and librdkafka settings every client it creates gets.</summary>
public sealed class KafkaTransportOptions
{
    /// <summary>
    /// <c>bootstrap.servers</c>: the cluster's brokers as host:port, comma-separated. Required, unless every client
    /// config sets <c>bootstrap.servers</c> itself.
    /// </summary>
    public string? BootstrapServers { get; set; }

    /// <summary>
    /// Extra librdkafka settings (librdkafka's names: <c>security.protocol</c>, <c>sasl.mechanism</c>,
    /// <c>socket.keepalive.enable</c>, …) applied to every producer, consumer and admin client, before the client's own
    /// configuration. Empty by default. Keys the transport maps itself (see <see cref="KafkaTransport"/>) may not be
    /// set here: set them on the client config with Kafka's (Java) names.
    /// </summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Checks the options; the transport calls it when it is created.</summary>
    /// <exception cref="InvalidConfigurationException">A value is missing or not allowed.</exception>
    internal void Validate()
    {
        if (BootstrapServers is not null && string.IsNullOrWhiteSpace(BootstrapServers))
            throw new InvalidConfigurationException("KafkaTransportOptions.BootstrapServers is empty: give the cluster's brokers as host:port[,host:port…]");
        foreach (var (key, value) in Settings)
        {
            if (string.IsNullOrWhiteSpace(key)) throw new InvalidConfigurationException("KafkaTransportOptions.Settings has an empty key");
            ArgumentNullException.ThrowIfNull(value, $"Settings[{key}]");
            if (key == "bootstrap.servers")
                throw new InvalidConfigurationException("KafkaTransportOptions.Settings sets 'bootstrap.servers': use KafkaTransportOptions.BootstrapServers");
            if (key.StartsWith("test.mock.", StringComparison.Ordinal))
                throw new InvalidConfigurationException($"KafkaTransportOptions.Settings sets '{key}', which would give every client its own mock cluster " +
                    "(producers and consumers would not see each other's records): start one mock cluster and pass its bootstrap servers instead");
            if (Configuration.KafkaConfigMapper.IsMappedLibrdkafkaKey(key))
                throw new InvalidConfigurationException($"KafkaTransportOptions.Settings sets '{key}', which the transport derives from the clients' configuration " +
                    "(Kafka's Java names and defaults): set the Java key on the client config instead");
        }
    }
}
