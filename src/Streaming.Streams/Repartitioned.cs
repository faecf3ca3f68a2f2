namespace Streaming.Streams;

/// <summary>How <c>KStream.Repartition</c> writes its topic: name, serdes, number of partitions and partitioner.</summary>
public sealed class Repartitioned<TKey, TValue>
{
    public string? Name { get; private init; }

    public Serde<TKey>? KeySerde { get; private init; }

    public Serde<TValue>? ValueSerde { get; private init; }

    /// <summary>The partition count of the repartition topic; null means the runtime's choice (the source topics' count).</summary>
    public int? NumberOfPartitions { get; private init; }

    public StreamPartitioner<TKey, TValue>? Partitioner { get; private init; }

    /// <summary>Names the topic <c>&lt;application.id&gt;-&lt;name&gt;-repartition</c>.</summary>
    public static Repartitioned<TKey, TValue> As(string name) => new() { Name = Named.As(name).Name };

    public static Repartitioned<TKey, TValue> With(Serde<TKey>? keySerde, Serde<TValue>? valueSerde) => new() { KeySerde = keySerde, ValueSerde = valueSerde };

    public static Repartitioned<TKey, TValue> WithPartitions(int numberOfPartitions) => new Repartitioned<TKey, TValue>().WithNumberOfPartitions(numberOfPartitions);

    public Repartitioned<TKey, TValue> WithNumberOfPartitions(int numberOfPartitions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numberOfPartitions);
        return new() { Name = Name, KeySerde = KeySerde, ValueSerde = ValueSerde, Partitioner = Partitioner, NumberOfPartitions = numberOfPartitions };
    }

    public Repartitioned<TKey, TValue> WithSerdes(Serde<TKey>? keySerde, Serde<TValue>? valueSerde)
        => new() { Name = Name, KeySerde = keySerde, ValueSerde = valueSerde, Partitioner = Partitioner, NumberOfPartitions = NumberOfPartitions };

    public Repartitioned<TKey, TValue> WithStreamPartitioner(StreamPartitioner<TKey, TValue> partitioner)
        => new() { Name = Name, KeySerde = KeySerde, ValueSerde = ValueSerde, NumberOfPartitions = NumberOfPartitions, Partitioner = partitioner ?? throw new ArgumentNullException(nameof(partitioner)) };
}
