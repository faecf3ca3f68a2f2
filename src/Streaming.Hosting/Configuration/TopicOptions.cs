using System.ComponentModel.DataAnnotations;

namespace Streaming.Hosting;

/// <summary>A topic the host creates at start when it does not exist.</summary>
public sealed class TopicOptions
{
    /// <summary>The topic name.</summary>
    [Required(ErrorMessage = "Streaming:Topics: every topic needs a Name")]
    [RegularExpression("^[a-zA-Z0-9._-]{1,249}$", ErrorMessage = "Streaming:Topics: a topic Name may only contain [a-zA-Z0-9._-] (1 to 249 characters)")]
    public string Name { get; set; } = "";

    /// <summary>Partitions; <value>1</value>.</summary>
    [Range(1, 10_000, ErrorMessage = "Streaming:Topics: Partitions must be between 1 and 10000")]
    public int Partitions { get; set; } = 1;

    /// <summary>Topic configs with Kafka's names (<c>retention.ms</c>, <c>cleanup.policy</c>, …).</summary>
    public IDictionary<string, string> Configs { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
