using Streaming.Streams.State;

namespace Streaming.Streams;

/// <summary>
/// How a stream-stream join is built (Kafka's <c>StreamJoined</c>): serdes of the key and both values, the processors' base
/// name, the base name of its stores (<c>&lt;name&gt;-this-join-store</c>, <c>-other-join-store</c>, <c>-outer-shared-join-store</c>),
/// their type and whether they are logged.
/// </summary>
public sealed class StreamJoined<TKey, TValue, TOtherValue>
{
    public Serde<TKey>? KeySerde { get; private init; }

    public Serde<TValue>? ValueSerde { get; private init; }

    public Serde<TOtherValue>? OtherValueSerde { get; private init; }

    /// <summary>The base of the join's processor names (and of its repartition topics).</summary>
    public string? Name { get; private init; }

    public string? StoreName { get; private init; }

    /// <summary>In-memory or RocksDB; null means the config's <c>default.dsl.store</c>.</summary>
    public StoreType? StoreType { get; private init; }

    public bool LoggingEnabled { get; private init; } = true;

    public static StreamJoined<TKey, TValue, TOtherValue> With(Serde<TKey>? keySerde, Serde<TValue>? valueSerde, Serde<TOtherValue>? otherValueSerde)
        => new() { KeySerde = keySerde, ValueSerde = valueSerde, OtherValueSerde = otherValueSerde };

    public static StreamJoined<TKey, TValue, TOtherValue> As(string storeName) => new() { StoreName = Named.As(storeName).Name };

    public StreamJoined<TKey, TValue, TOtherValue> WithName(string name) => Copy(Named.As(name).Name, StoreName, StoreType, LoggingEnabled);

    public StreamJoined<TKey, TValue, TOtherValue> WithStoreName(string storeName) => Copy(Name, Named.As(storeName).Name, StoreType, LoggingEnabled);

    public StreamJoined<TKey, TValue, TOtherValue> WithStoreType(StoreType storeType) => Copy(Name, StoreName, storeType, LoggingEnabled);

    public StreamJoined<TKey, TValue, TOtherValue> WithLoggingDisabled() => Copy(Name, StoreName, StoreType, false);

    private StreamJoined<TKey, TValue, TOtherValue> Copy(string? name, string? storeName, StoreType? type, bool logging)
        => new() { KeySerde = KeySerde, ValueSerde = ValueSerde, OtherValueSerde = OtherValueSerde, Name = name, StoreName = storeName, StoreType = type, LoggingEnabled = logging };
}
