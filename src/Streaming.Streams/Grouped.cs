namespace Streaming.Streams;

/// <summary>How a stream is grouped: the name of the repartition topic (if one is needed) and the serdes it uses.</summary>
public sealed class Grouped<TKey, TValue>
{
    public string? Name { get; private init; }

    public Serde<TKey>? KeySerde { get; private init; }

    public Serde<TValue>? ValueSerde { get; private init; }

    /// <summary>Names the grouping: the repartition topic becomes <c>&lt;application.id&gt;-&lt;name&gt;-repartition</c>.</summary>
    public static Grouped<TKey, TValue> As(string name) => new() { Name = Named.As(name).Name };

    public static Grouped<TKey, TValue> With(Serde<TKey>? keySerde, Serde<TValue>? valueSerde) => new() { KeySerde = keySerde, ValueSerde = valueSerde };

    public Grouped<TKey, TValue> WithSerdes(Serde<TKey>? keySerde, Serde<TValue>? valueSerde) => new() { Name = Name, KeySerde = keySerde, ValueSerde = valueSerde };
}
