namespace Streaming;

/// <summary>A key or value type whose bytes are skipped when consuming.</summary>
public sealed class Ignore
{
    private Ignore() { }
}
