namespace Streaming.Streams;

/// <summary>
/// Options of a foreign-key table–table join: its name (the base of its processors, its subscription store and its
/// internal topics <c>&lt;application.id&gt;-&lt;name&gt;-subscription-registration-topic</c> and
/// <c>&lt;application.id&gt;-&lt;name&gt;-subscription-response-topic</c>).
/// </summary>
public sealed class TableJoined<TKey, TForeignKey>
{
    public string? Name { get; private init; }

    public static TableJoined<TKey, TForeignKey> As(string name) => new() { Name = Named.As(name).Name };
}
