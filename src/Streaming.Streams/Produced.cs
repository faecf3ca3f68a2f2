namespace Streaming.Streams;

/// <summary>How records are written to a sink topic: serdes, partitioner and processor name.</summary>
public sealed class Produced<TKey, TValue>
{
    public Serde<TKey>? KeySerde { get; private init; }

    public Serde<TValue>? ValueSerde { get; private init; }

    public string? Name { get; private init; }

    /// <summary>Chooses each record's partition; null means the default (murmur2 of the serialized key).</summary>
    public StreamPartitioner<TKey, TValue>? Partitioner { get; private init; }

    public static Produced<TKey, TValue> With(Serde<TKey>? keySerde, Serde<TValue>? valueSerde) => new() { KeySerde = keySerde, ValueSerde = valueSerde };

    public static Produced<TKey, TValue> With(StreamPartitioner<TKey, TValue> partitioner)
        => new() { Partitioner = partitioner ?? throw new ArgumentNullException(nameof(partitioner)) };

    public static Produced<TKey, TValue> As(string processorName) => new() { Name = Named.As(processorName).Name };

    public Produced<TKey, TValue> WithName(string processorName)
        => new() { KeySerde = KeySerde, ValueSerde = ValueSerde, Partitioner = Partitioner, Name = Named.As(processorName).Name };

    public Produced<TKey, TValue> WithSerdes(Serde<TKey>? keySerde, Serde<TValue>? valueSerde)
        => new() { KeySerde = keySerde, ValueSerde = valueSerde, Partitioner = Partitioner, Name = Name };

    public Produced<TKey, TValue> WithStreamPartitioner(StreamPartitioner<TKey, TValue> partitioner)
        => new() { KeySerde = KeySerde, ValueSerde = ValueSerde, Name = Name, Partitioner = partitioner ?? throw new ArgumentNullException(nameof(partitioner)) };
}
