namespace Streaming.Streams;

/// <summary>
/// Options of a stream–table join: the serdes of the key, the stream's value and the table's value (used when the stream must
/// be repartitioned first), the name of the join (its processor and, when needed, the repartition topic
/// <c>&lt;application.id&gt;-&lt;name&gt;-repartition</c>), and a grace period for joins against a versioned table.
/// </summary>
public sealed class Joined<TKey, TValue, TOtherValue>
{
    public string? Name { get; private init; }

    public Serde<TKey>? KeySerde { get; private init; }

    public Serde<TValue>? ValueSerde { get; private init; }

    public Serde<TOtherValue>? OtherValueSerde { get; private init; }

    /// <summary>How long a stream record waits for late table updates before it joins (versioned tables only); <see cref="TimeSpan.Zero"/> by default.</summary>
    public TimeSpan GracePeriod { get; private init; }

    public static Joined<TKey, TValue, TOtherValue> As(string name) => new() { Name = Named.As(name).Name };

    public static Joined<TKey, TValue, TOtherValue> With(Serde<TKey>? keySerde, Serde<TValue>? valueSerde, Serde<TOtherValue>? otherValueSerde = null)
        => new() { KeySerde = keySerde, ValueSerde = valueSerde, OtherValueSerde = otherValueSerde };

    public Joined<TKey, TValue, TOtherValue> WithName(string name) => Copy(Named.As(name).Name, GracePeriod);

    public Joined<TKey, TValue, TOtherValue> WithGracePeriod(TimeSpan gracePeriod)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gracePeriod, TimeSpan.Zero);
        return Copy(Name, gracePeriod);
    }

    private Joined<TKey, TValue, TOtherValue> Copy(string? name, TimeSpan grace)
        => new() { Name = name, KeySerde = KeySerde, ValueSerde = ValueSerde, OtherValueSerde = OtherValueSerde, GracePeriod = grace };
}
