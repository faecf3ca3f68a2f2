namespace Streaming.Streams;

/// <summary>Extracts a record's event time; <paramref name="partitionTime"/> is the highest timestamp seen on its partition so far (-1 before the first).</summary>
public delegate long TimestampExtractor<in TKey, in TValue>(TKey key, TValue value, long recordTimestamp, long partitionTime);

/// <summary>How a source topic is read: serdes, timestamp extractor, offset reset policy, processor name.</summary>
public sealed class Consumed<TKey, TValue>
{
    public Serde<TKey>? KeySerde { get; private init; }

    public Serde<TValue>? ValueSerde { get; private init; }

    public TimestampExtractor<TKey, TValue>? TimestampExtractor { get; private init; }

    public string? Name { get; private init; }

    /// <summary>Where to start when the application has no committed offset for a partition; null means the config's <c>auto.offset.reset</c>.</summary>
    public AutoOffsetReset? OffsetResetPolicy { get; private init; }

    public static Consumed<TKey, TValue> With(AutoOffsetReset offsetReset) => new() { OffsetResetPolicy = offsetReset };

    public static Consumed<TKey, TValue> With(Serde<TKey>? keySerde, Serde<TValue>? valueSerde) => new() { KeySerde = keySerde, ValueSerde = valueSerde };

    public static Consumed<TKey, TValue> With(TimestampExtractor<TKey, TValue> extractor) => new() { TimestampExtractor = extractor ?? throw new ArgumentNullException(nameof(extractor)) };

    public static Consumed<TKey, TValue> As(string processorName) => new() { Name = Named.As(processorName).Name };

    public Consumed<TKey, TValue> WithTimestampExtractor(TimestampExtractor<TKey, TValue> extractor) => new()
    {
        KeySerde = KeySerde, ValueSerde = ValueSerde, Name = Name, OffsetResetPolicy = OffsetResetPolicy,
        TimestampExtractor = extractor ?? throw new ArgumentNullException(nameof(extractor)),
    };

    public Consumed<TKey, TValue> WithName(string processorName) => new()
    {
        KeySerde = KeySerde, ValueSerde = ValueSerde, TimestampExtractor = TimestampExtractor, OffsetResetPolicy = OffsetResetPolicy, Name = Named.As(processorName).Name,
    };

    public Consumed<TKey, TValue> WithOffsetResetPolicy(AutoOffsetReset offsetReset) => new()
    {
        KeySerde = KeySerde, ValueSerde = ValueSerde, TimestampExtractor = TimestampExtractor, Name = Name, OffsetResetPolicy = offsetReset,
    };

    public Consumed<TKey, TValue> WithSerdes(Serde<TKey>? keySerde, Serde<TValue>? valueSerde) => new()
    {
        KeySerde = keySerde, ValueSerde = valueSerde, TimestampExtractor = TimestampExtractor, Name = Name, OffsetResetPolicy = OffsetResetPolicy,
    };
}
