namespace Streaming.Hosting;

/// <summary>The Kafka transport's connection, used when <see cref="StreamingOptions.Transport"/> is <see cref="StreamingTransportKind.Kafka"/>.</summary>
public sealed class KafkaSettings
{
    /// <summary><c>bootstrap.servers</c>; required for the Kafka transport.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Settings every client gets (security, SASL, …), with Kafka's names.</summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
