using Streaming.Streams.Internal;
using Streaming.Streams.State;

namespace Streaming.Streams;

public sealed partial class StreamsBuilder
{
    /// <summary>
    /// Registers the timestamped window store of a windowed aggregation and returns its name; the retention defaults to
    /// <paramref name="minRetentionMs"/>, the least the windows need, and may not be set below it.
    /// </summary>
    internal string MaterializeWindowStore<TKey, TValue>(Materialized<TKey, TValue> materialized, string generatedPrefix, Serde<TKey>? keySerde,
        Serde<TValue>? valueSerde, long windowSizeMs, long minRetentionMs)
    {
        string store = materialized.StoreName ?? Inner.NewName(generatedPrefix);
        long retention = Retention(materialized, store, minRetentionMs);
        Serde<TKey>? k = Inner.Resolve(materialized.KeySerde ?? keySerde, $"key of store '{store}'");
        Serde<TValue>? v = Inner.Resolve(materialized.ValueSerde ?? valueSerde, $"value of store '{store}'");
        StoreType type = materialized.StoreType ?? Config.DefaultDslStore;
        Inner.AddStore(new StoreRegistration(store, () =>
        {
            var builder = Stores.TimestampedWindowStoreBuilder(new WindowBytesStoreSupplier(store, type, retention, windowSizeMs, retainDuplicates: false), k!, v!);
            if (materialized.CachingEnabled) builder.WithCachingEnabled();
            if (!materialized.LoggingEnabled) builder.WithLoggingDisabled();
            return builder;
        }));
        return store;
    }

    /// <summary>Registers the session store of a session aggregation and returns its name.</summary>
    internal string MaterializeSessionStore<TKey, TValue>(Materialized<TKey, TValue> materialized, string generatedPrefix, Serde<TKey>? keySerde,
        Serde<TValue>? valueSerde, long minRetentionMs)
    {
        string store = materialized.StoreName ?? Inner.NewName(generatedPrefix);
        long retention = Retention(materialized, store, minRetentionMs);
        Serde<TKey>? k = Inner.Resolve(materialized.KeySerde ?? keySerde, $"key of store '{store}'");
        Serde<TValue>? v = Inner.Resolve(materialized.ValueSerde ?? valueSerde, $"value of store '{store}'");
        StoreType type = materialized.StoreType ?? Config.DefaultDslStore;
        Inner.AddStore(new StoreRegistration(store, () =>
        {
            var builder = Stores.SessionStoreBuilder(new SessionBytesStoreSupplier(store, type, retention), k!, v!);
            if (materialized.CachingEnabled) builder.WithCachingEnabled();
            if (!materialized.LoggingEnabled) builder.WithLoggingDisabled();
            return builder;
        }));
        return store;
    }

    private static long Retention<TKey, TValue>(Materialized<TKey, TValue> materialized, string store, long minRetentionMs)
    {
        long retention = materialized.Retention is { } r ? (long)r.TotalMilliseconds : minRetentionMs;
        if (retention < minRetentionMs)
            throw new TopologyException($"the retention period of store '{store}' ({retention} ms) must be no smaller than its window size plus the grace period ({minRetentionMs} ms)");
        return retention;
    }
}
