namespace Streaming;

/// <summary>One topic config: its value and whether it was set on the topic or is the default.</summary>
public sealed record ConfigEntry(string Name, string Value, bool IsDefault);
