using Streaming.Streams.Kstream.Internal;

namespace Streaming.Streams.Kstream;

/// <summary>
/// A table replicated in full on every instance (Kafka's <c>GlobalKTable</c>): its store reads every partition of its topic,
/// which is also its changelog. Streams join it by any key computed from their records, without co-partitioning.
/// </summary>
public sealed class GlobalKTable<TKey, TValue>
{
    internal GlobalKTable(string storeName) => QueryableStoreName = storeName;

    /// <summary>The global store holding the table.</summary>
    public string QueryableStoreName { get; }

    internal TableValueGetterSupplier<TKey, TValue> ValueGetterSupplier() => TableValueGetterSupplier<TKey, TValue>.FromStore(QueryableStoreName);
}
