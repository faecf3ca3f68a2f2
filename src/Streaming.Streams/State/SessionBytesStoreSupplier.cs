using Streaming.Streams.State.Internal;

namespace Streaming.Streams.State;

/// <summary>
/// Where a session store keeps its bytes and for how long (Kafka's <c>SessionBytesStoreSupplier</c>): RocksDB or in-memory,
/// keyed by [key][session end][session start], sessions that ended before the retention (from the newest end written) removed.
/// </summary>
public sealed class SessionBytesStoreSupplier
{
    internal SessionBytesStoreSupplier(string name, StoreType type, long retentionPeriodMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(retentionPeriodMs);
        Name = name;
        StoreType = type;
        RetentionPeriodMs = retentionPeriodMs;
    }

    public string Name { get; }

    public StoreType StoreType { get; }

    public long RetentionPeriodMs { get; }

    internal RetentionBytesStore Get()
        => new(StoreType == StoreType.InMemory ? new InMemoryKeyValueStore(Name) : new RocksDbKeyValueStore(Name), RetentionPeriodMs, static k => SessionKeySchema.End(k));
}
