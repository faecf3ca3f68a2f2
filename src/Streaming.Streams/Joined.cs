namespace Streaming.Streams;

/// <summary>
/// Options of a stream–table join: the serdes of the key, the stream's value and the table's value (used when the stream must
/// be repartitioned first), and the name of the join (its processor and, when needed, the repartition topic
/// <c>&lt;application.id&gt;-&lt;name&gt;-repartition</c>).
/// </summary>
public sealed class Joined<TKey, TValue, TOtherValue>
{
    public string? Name { get; private init; }

    public Serde<TKey>? KeySerde { get; private init; }

    public Serde<TValue>? ValueSerde { get; private init; }

    public Serde<TOtherValue>? OtherValueSerde { get; private init; }

    public static Joined<TKey, TValue, TOtherValue> As(string name) => new() { Name = Named.As(name).Name };

    public static Joined<TKey, TValue, TOtherValue> With(Serde<TKey>? keySerde, Serde<TValue>? valueSerde, Serde<TOtherValue>? otherValueSerde = null)
        => new() { KeySerde = keySerde, ValueSerde = valueSerde, OtherValueSerde = otherValueSerde };

    public Joined<TKey, TValue, TOtherValue> WithName(string name)
        => new() { Name = Named.As(name).Name, KeySerde = KeySerde, ValueSerde = ValueSerde, OtherValueSerde = OtherValueSerde };
}
