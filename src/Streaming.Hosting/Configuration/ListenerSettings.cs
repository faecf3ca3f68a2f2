using System.ComponentModel.DataAnnotations;

namespace Streaming.Hosting;

/// <summary>The embedded broker's Kafka wire-protocol listener, so other processes (and Kafka tools) can connect.</summary>
public sealed class ListenerSettings
{
    /// <summary>Whether the listener runs; <value>false</value>.</summary>
    public bool Enabled { get; set; }

    /// <summary>The address to listen on; <value>127.0.0.1</value>.</summary>
    [Required(ErrorMessage = "Streaming:EmbeddedBroker:Listener:Host is required when the listener is enabled")]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port; <value>9092</value>; 0 picks a free one.</summary>
    [Range(0, 65535, ErrorMessage = "Streaming:EmbeddedBroker:Listener:Port must be between 0 and 65535")]
    public int Port { get; set; } = 9092;

    /// <summary>The host clients are told to connect to; defaults to <see cref="Host"/>.</summary>
    public string? AdvertisedHost { get; set; }
}
