namespace Streaming.Streams;

/// <summary>The name of a DSL operation's processor (instead of a generated <c>KSTREAM-...-0000000001</c>).</summary>
public sealed class Named
{
    private Named(string name) => Name = name;

    public string Name { get; }

    /// <summary>Names the processor <paramref name="name"/>.</summary>
    public static Named As(string name)
    {
        InternalNames.Validate(name);
        return new Named(name);
    }
}
