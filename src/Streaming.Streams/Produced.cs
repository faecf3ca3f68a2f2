namespace Streaming.Streams;

/// <summary>How records are written to a sink topic: serdes and processor name.</summary>
public sealed class Produced<TKey, TValue>
{
    public Serde<TKey>? KeySerde { get; private init; }

    public Serde<TValue>? ValueSerde { get; private init; }

    public string? Name { get; private init; }

    public static Produced<TKey, TValue> With(Serde<TKey>? keySerde, Serde<TValue>? valueSerde) => new() { KeySerde = keySerde, ValueSerde = valueSerde };

    public static Produced<TKey, TValue> As(string processorName) => new() { Name = Named.As(processorName).Name };

    public Produced<TKey, TValue> WithName(string processorName) => new() { KeySerde = KeySerde, ValueSerde = ValueSerde, Name = Named.As(processorName).Name };
}
