using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Streaming.Hosting;

/// <summary>The host's streaming settings, bound from the <c>Streaming</c> configuration section and validated at start.</summary>
public sealed class StreamingOptions : IValidatableObject
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Streaming";

    /// <summary>The transport; <value>EmbeddedBroker</value>.</summary>
    public StreamingTransportKind Transport { get; set; } = StreamingTransportKind.EmbeddedBroker;

    /// <summary>The embedded broker's settings (used when it is the transport).</summary>
    [ValidateObjectMembers]
    public EmbeddedBrokerSettings EmbeddedBroker { get; set; } = new();

    /// <summary>The Kafka transport's settings (used when it is the transport).</summary>
    public KafkaSettings Kafka { get; set; } = new();

    /// <summary>Topics created at start when missing.</summary>
    [ValidateEnumeratedItems]
    public IList<TopicOptions> Topics { get; } = [];

    /// <summary>Producer configuration with Kafka's names (<c>acks</c>, <c>linger.ms</c>, …) for every injected producer.</summary>
    public IDictionary<string, string> Producer { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Whether a consumer's fatal error stops the host; <value>true</value>.</summary>
    public bool StopHostOnFatalError { get; set; } = true;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Transport == StreamingTransportKind.Kafka && string.IsNullOrWhiteSpace(Kafka?.BootstrapServers))
            yield return new ValidationResult("Streaming:Kafka:BootstrapServers is required when Streaming:Transport is Kafka", [nameof(Kafka)]);
        var duplicate = Topics.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            yield return new ValidationResult($"Streaming:Topics declares '{duplicate.Key}' more than once", [nameof(Topics)]);
    }
}
