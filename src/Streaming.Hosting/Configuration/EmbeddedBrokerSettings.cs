using System.ComponentModel.DataAnnotations;

namespace Streaming.Hosting;

/// <summary>The embedded broker the host opens when it is the transport (the default).</summary>
public sealed class EmbeddedBrokerSettings
{
    /// <summary>Where the logs live (<c>log.dirs</c>); <value>streaming-data</value>, relative to the current directory.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Streaming:EmbeddedBroker:DataDirectory is required: the embedded broker needs a directory for its logs")]
    public string DataDirectory { get; set; } = "streaming-data";

    /// <summary>Partitions of auto-created topics (<c>num.partitions</c>); <value>1</value>.</summary>
    [Range(1, 10_000, ErrorMessage = "Streaming:EmbeddedBroker:DefaultPartitions must be between 1 and 10000")]
    public int DefaultPartitions { get; set; } = 1;

    /// <summary>How long a new group waits for more members before the first assignment (<c>group.initial.rebalance.delay.ms</c>); <value>3 s</value>.</summary>
    public TimeSpan GroupInitialRebalanceDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The optional wire-protocol listener.</summary>
    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public ListenerSettings Listener { get; set; } = new();
}
